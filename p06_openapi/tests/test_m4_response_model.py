"""Milestone 4: what goes out through the response model, exactly as FastAPI sends it.

FastAPI validates the endpoint's result against the response model, then dumps it *as the
declared type*, with the fields' aliases. An instance of the model (or of a subclass) is
not validated again: it was when it was built. Fields the model does not declare are never
sent (a subclass's, another class's, a dict's extra keys); extras a model allows are. Each
endpoint below is declared once and served by FastAPI and by your APIRoute: the answers must
be equal. One thing the tests cannot see, but the lesson asks for: a result that is exactly
the model's class is dumped once, not dumped, validated and dumped again.
"""

import warnings
from types import SimpleNamespace
from typing import Any

import pytest
from miniopenapi import APIRoute

from .inputs import mini_client
from .openapi_corpus import fastapi_namespace, mini_namespace


def response_endpoints(ns: SimpleNamespace, allow_extra: Any) -> dict[str, tuple[Any, Any]]:
    """{name: (endpoint, response model)}, the same declarations for both frameworks."""

    class Item(ns.BaseModel):
        name: str
        price: float = 1.0

    class ItemInDB(Item):
        secret: str = "s3cret"

    class Stored(ns.BaseModel):  # not an Item, but it has Item's fields (and one more)
        name: str
        price: float
        secret: str

    class Shouted(ns.BaseModel):
        name: str

        @ns.field_validator("name")
        @classmethod
        def shout(cls, value: str) -> str:
            return value + "!"  # not idempotent: validating twice would say "a!!"

    class Aliased(ns.BaseModel):
        user_name: str = ns.Field(alias="userName")

    class Open(ns.BaseModel):
        model_config = allow_extra
        name: str

    class OpenChild(Open):
        added: int = 3

    class Basket(ns.BaseModel):
        items: list[Item]

    def exact() -> Item:
        return Item(name="a")

    def mutated() -> Item:
        item = Item(name="a")
        item.price = "5"  # not validated on assignment: sent as it is
        return item

    return {
        "exactly the model": (exact, Item),
        "a subclass: its own fields are dropped": (lambda: ItemInDB(name="a", secret="x"), Item),
        "another class with the same fields": (lambda: Stored(name="a", price=2, secret="x"), Item),
        "a dict: extra keys dropped, values converted": (lambda: {"name": "a", "price": "3", "x": 1}, Item),
        "validators are not run again": (lambda: Shouted(name="a"), Shouted),
        "fields are sent by alias": (lambda: Aliased(userName="a"), Aliased),
        "extras a model allows are sent": (lambda: Open(name="a", more=1), Open),
        "a subclass of an open model": (lambda: OpenChild(name="a", more=2), Open),
        "a list of the model and a subclass": (lambda: [Item(name="a"), ItemInDB(name="b")], list[Item]),
        "a nested subclass never leaks": (lambda: Basket(items=[ItemInDB(name="b")]), Basket),
        "a dict of subclass instances": (lambda: {"k": ItemInDB(name="a")}, dict[str, Item]),
        "built without validation": (lambda: Item.model_construct(name="a", price="zz"), Item),
        "changed after validation": (mutated, Item),
        "a wrong value is a server error": (lambda: {"name": 3}, Item),
    }


def namespace(real: bool) -> tuple[SimpleNamespace, Any]:
    """One framework's building blocks, with `field_validator`, and its "extra: allow"."""
    if real:
        import pydantic as library

        ns = fastapi_namespace()
    else:
        import minipydantic as library  # type: ignore[no-redef]

        ns = mini_namespace()
    ns.field_validator = library.field_validator
    return ns, library.ConfigDict(extra="allow")


NAMES = [
    "exactly the model",
    "a subclass: its own fields are dropped",
    "another class with the same fields",
    "a dict: extra keys dropped, values converted",
    "validators are not run again",
    "fields are sent by alias",
    "extras a model allows are sent",
    "a subclass of an open model",
    "a list of the model and a subclass",
    "a nested subclass never leaks",
    "a dict of subclass instances",
    "built without validation",
    "changed after validation",
    "a wrong value is a server error",
]


@pytest.fixture(scope="module")
def response_clients() -> tuple[Any, Any]:
    """(FastAPI's test client, yours), serving the endpoints above at /0, /1, ..."""
    import fastapi
    from miniasgi.testclient import TestClient

    app = fastapi.FastAPI()
    real = response_endpoints(*namespace(real=True))
    assert list(real) == NAMES
    for index, (endpoint, model) in enumerate(real.values()):
        app.add_api_route(f"/{index}", endpoint, response_model=model)
    mini = response_endpoints(*namespace(real=False))
    routes = [
        APIRoute(f"/{i}", endpoint, response_model=model) for i, (endpoint, model) in enumerate(mini.values())
    ]
    client = mini_client(routes)
    client.raise_server_exceptions = False
    return TestClient(app, raise_server_exceptions=False), client


@pytest.mark.parametrize("name", NAMES)
def test_the_response_model_answers_as_fastapi(name: str, response_clients: tuple[Any, Any]) -> None:
    """The result goes out as FastAPI sends it: the same status and the same JSON. If this
    fails, look at what `serialize` does with an instance of the model (FastAPI dumps it as
    it is, by alias), with a subclass (only the model's fields), and with anything else
    (validated against the model first)."""
    fastapi_client, client = response_clients
    path = f"/{NAMES.index(name)}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pydantic warns when it dumps a value of the wrong type
        expected = fastapi_client.get(path)
    got = client.get(path)
    if expected.status_code >= 500:
        assert got.status_code == expected.status_code, (
            f"{name}: expected a 500, got {got.status_code} {got.text}"
        )
        return
    assert (got.status_code, got.json()) == (expected.status_code, expected.json()), (
        f"{name}: expected {expected.status_code} {expected.json()}, got {got.status_code} {got.text}"
    )


def test_without_a_response_model_models_are_sent_by_alias() -> None:
    """With response_model=None a model inside the result is dumped as FastAPI's
    jsonable_encoder dumps it: JSON mode, by alias."""
    import fastapi
    import pydantic
    from miniasgi.testclient import TestClient

    def build(base: Any, field: Any) -> Any:
        class Aliased(base):  # type: ignore[misc, valid-type]
            user_name: str = field(alias="userName")

        return lambda: {"user": Aliased(userName="a")}

    app = fastapi.FastAPI()
    app.add_api_route("/r", build(pydantic.BaseModel, pydantic.Field), response_model=None)
    expected = TestClient(app).get("/r").json()
    ns = mini_namespace()
    got = mini_client([APIRoute("/r", build(ns.BaseModel, ns.Field), response_model=None)]).get("/r")
    assert (got.status_code, got.json()) == (200, expected), got.text
