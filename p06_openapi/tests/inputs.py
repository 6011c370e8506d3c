"""Endpoints that read every input location, described ONCE for FastAPI and miniopenapi.

`describe_inputs(ns)` takes a namespace of one framework's building blocks (see
openapi_corpus.py) and returns `(path, endpoint, options)` triples; the `clients` fixture
(conftest.py) declares them under both frameworks, so milestones 4 and 5 can send each
request to FastAPI and to your code and compare the answers.
"""

from types import SimpleNamespace
from typing import Annotated, Any

RouteSpec = tuple[str, Any, dict[str, Any]]


def mini_client(routes: list[Any]) -> Any:
    """Your routes in a Router, behind the exception middleware with miniopenapi's handlers."""
    from miniasgi import ExceptionMiddleware
    from miniasgi.testclient import TestClient
    from miniopenapi import EXCEPTION_HANDLERS
    from minirouter import Router

    return TestClient(ExceptionMiddleware(Router(routes), EXCEPTION_HANDLERS))


def assert_same_answer(clients: tuple[Any, Any], name: str, request: tuple[str, str, dict[str, Any]]) -> None:
    """Send one request to FastAPI and to your code; the status and JSON body must be equal."""
    fastapi_client, client = clients
    method, url, options = request
    expected = fastapi_client.request(method, url, **options)
    got = client.request(method, url, **options)
    assert (got.status_code, got.json()) == (expected.status_code, expected.json()), (
        f"{name}: expected {expected.status_code} {expected.json()}, got {got.status_code} {got.json()}"
    )


def describe_inputs(ns: SimpleNamespace) -> list[RouteSpec]:
    class Item(ns.BaseModel):
        name: str = ns.Field(min_length=1)
        price: float

    def lookup(
        item_id: int,
        tags: Annotated[list[str], ns.Query()] = [],  # noqa: B006 - never mutated
        limit: int = 10,
        x_token: Annotated[str | None, ns.Header()] = None,
        session: Annotated[str | None, ns.Cookie()] = None,
    ) -> dict[str, Any]:
        return {"item_id": item_id, "tags": tags, "limit": limit, "token": x_token, "session": session}

    def update(item_id: int, item: Item, limit: int = 10) -> dict[str, Any]:
        return {"item_id": item_id, "item": item, "limit": limit}

    def embedded(item: Item, note: Annotated[str, ns.Body()]) -> dict[str, Any]:
        return {"item": item, "note": note}

    def count(limit: int = 10, ratio: bool = False) -> dict[str, Any]:
        return {"limit": limit, "ratio": ratio}

    return [
        ("/items/{item_id}", lookup, {}),
        ("/items/{item_id}", update, {"methods": ["POST"]}),
        ("/embedded", embedded, {"methods": ["POST"]}),
        ("/count", count, {}),
    ]
