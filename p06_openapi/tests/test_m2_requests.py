"""Milestone 2c: an APIRoute really answers requests.

Per request the route reads every leaf from the request, validates it, collects ALL the
errors into one 422 (FastAPI's body: {"detail": [{"type", "loc", "msg", "input", ...}]}),
runs the dependency graph and serializes the result through the response model. FastAPI,
given the same endpoints, is the oracle for the status codes and bodies.
"""

import string
from types import SimpleNamespace
from typing import Annotated, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from miniasgi import ExceptionMiddleware, JSONResponse, Request, ServerErrorMiddleware
from miniasgi.testclient import TestClient
from miniopenapi import EXCEPTION_HANDLERS, APIRoute, Body, Cookie, Header, ResponseValidationError
from minipydantic import BaseModel
from minirouter import Router

from .openapi_corpus import CORPUS, fastapi_namespace, mini_namespace, mini_routes


def mini_client(routes: list[Any]) -> TestClient:
    return TestClient(ExceptionMiddleware(Router(routes), EXCEPTION_HANDLERS))


def describe_inputs(ns: SimpleNamespace) -> list[tuple[str, Any, dict[str, Any]]]:
    """Endpoints exercising every input location, described once for both frameworks."""

    class Item(ns.BaseModel):
        name: str = ns.Field(min_length=1)
        price: float

    def echo(
        item_id: int,
        item: Item,
        tags: Annotated[list[str], ns.Query()] = [],  # noqa: B006
        limit: int = 10,
        x_token: Annotated[str | None, ns.Header()] = None,
        session: Annotated[str | None, ns.Cookie()] = None,
    ) -> dict[str, Any]:
        return {
            "item_id": item_id,
            "item": item,
            "tags": tags,
            "limit": limit,
            "token": x_token,
            "session": session,
        }

    def embedded(item: Item, note: Annotated[str, ns.Body()]) -> dict[str, Any]:
        return {"item": item, "note": note}

    def count(limit: int = 10, ratio: bool = False) -> dict[str, Any]:
        return {"limit": limit, "ratio": ratio}

    return [
        ("/items/{item_id}", echo, {"methods": ["POST"]}),
        ("/embedded", embedded, {"methods": ["POST"]}),
        ("/count", count, {}),
    ]


@pytest.fixture(scope="module")
def clients() -> tuple[Any, TestClient]:
    import fastapi

    app = fastapi.FastAPI()
    for path, endpoint, options in describe_inputs(fastapi_namespace()):
        app.add_api_route(path, endpoint, **options)
    routes = [
        APIRoute(path, endpoint, **options) for path, endpoint, options in describe_inputs(mini_namespace())
    ]
    return TestClient(app), mini_client(routes)  # one ASGI test client drives both


SCENARIOS = {
    "all good": ("POST", "/items/3?tags=a&tags=b&limit=5", {"json": {"name": "n", "price": "2.5"}}),
    "headers and cookies": (
        "POST",
        "/items/3",
        {"json": {"name": "n", "price": 1}, "headers": {"x-token": "t", "cookie": "session=s"}},
    ),
    "every error at once": ("POST", "/items/abc?limit=x", {"json": {"name": "", "price": "free"}}),
    "missing body": ("POST", "/items/1", {}),
    "malformed JSON": (
        "POST",
        "/items/1",
        {"content": b'{"name": ', "headers": {"content-type": "application/json"}},
    ),
    "embedded bodies": ("POST", "/embedded", {"json": {"item": {"name": "n", "price": 1}, "note": "hi"}}),
    "embedded body missing a key": ("POST", "/embedded", {"json": {"item": {"name": "n", "price": 1}}}),
    "query defaults": ("GET", "/count", {}),
    "boolean query": ("GET", "/count?ratio=yes", {}),
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_same_status_and_body_as_fastapi(name: str, clients: tuple[Any, TestClient]) -> None:
    """Each request gets the status and JSON body FastAPI gives for the same endpoint."""
    fastapi_client, client = clients
    method, url, options = SCENARIOS[name]
    expected = fastapi_client.request(method, url, **options)
    got = client.request(method, url, **options)
    assert (got.status_code, got.json()) == (expected.status_code, expected.json()), (
        f"{name}: expected {expected.status_code} {expected.json()}, got {got.status_code} {got.json()}"
    )


@pytest.mark.parametrize(
    ("options", "sent"),
    [
        ({"json": [1, 2]}, [1, 2]),
        ({"content": b'{"price": 1}', "headers": {"content-type": "text/plain"}}, '{"price": 1}'),
        ({"content": b'{"price": 1}'}, '{"price": 1}'),
        ({"content": b'{"price": 1}', "headers": {"content-type": "text/x+json"}}, '{"price": 1}'),
    ],
    ids=[
        "a JSON list",
        "not a JSON content type",
        "no content type",
        "a +json type that is not application/",
    ],
)
def test_a_body_that_is_not_an_object(
    options: dict[str, Any], sent: Any, clients: tuple[Any, TestClient]
) -> None:
    """A JSON list, or a body not declared as JSON (no Content-Type, text/plain: what a
    cross-site form can send), where a model is expected is a 422 at loc ["body"] showing
    what was sent: only application/json and application/*+json bodies are parsed. (The
    error type is a deliberate difference: FastAPI validates bodies "from attributes" and
    says model_attributes_type; minipydantic has no such mode and says model_type.)"""
    fastapi_client, client = clients
    for answer in (fastapi_client.post("/items/1", **options), client.post("/items/1", **options)):
        (error,) = answer.json()["detail"]
        assert (answer.status_code, error["loc"], error["input"]) == (422, ["body"], sent), answer.text


@given(value=st.text(alphabet=string.digits + "-+ _.xe", max_size=6))
def test_query_integers_are_validated_like_fastapi(value: str, clients: tuple[Any, TestClient]) -> None:
    """Whatever text arrives in ?limit=, the answer (200 with the number, or 422 saying why)
    is FastAPI's."""
    fastapi_client, client = clients
    expected = fastapi_client.get("/count", params={"limit": value})
    got = client.get("/count", params={"limit": value})
    assert (got.status_code, got.json()) == (expected.status_code, expected.json()), value


@given(body=st.one_of(st.binary(max_size=20), st.text(max_size=20).map(str.encode)))
def test_any_body_bytes_get_fastapis_status(body: bytes, clients: tuple[Any, TestClient]) -> None:
    """Whatever bytes arrive as a JSON body, the status is FastAPI's (422 or 400), never a 500."""
    fastapi_client, client = clients
    headers = {"content-type": "application/json"}
    expected = fastapi_client.post("/items/1", content=body, headers=headers)
    got = client.post("/items/1", content=body, headers=headers)
    assert got.status_code == expected.status_code, f"{body!r}: expected {expected.text}, got {got.text}"


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"name": ' * 5_000], ids=["a list", "objects"])
def test_json_nested_too_deep_is_a_400_like_fastapi(body: bytes, clients: tuple[Any, TestClient]) -> None:
    """JSON nested deeper than Python's recursion limit makes json.loads raise RecursionError:
    that is a 400 "error parsing the body", as in FastAPI, never a 500. Catch it where you
    catch the UnicodeDecodeError of a body that is not text."""
    fastapi_client, client = clients
    headers = {"content-type": "application/json"}
    expected = fastapi_client.post("/items/1", content=body, headers=headers)
    got = client.post("/items/1", content=body, headers=headers)
    assert (
        (got.status_code, got.json())
        == (expected.status_code, expected.json())
        == (
            400,
            {"detail": "There was an error parsing the body"},
        )
    ), got.text


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_in_a_body_are_a_422_not_a_500(
    number: str, clients: tuple[Any, TestClient]
) -> None:
    """Python's json module reads NaN, Infinity and 1e400 (an infinite float), but a JSON
    answer cannot carry them: an error entry whose input is one of them must still render.
    It is shown as null, as Pydantic writes non-finite floats. (FastAPI answers 500 here.)"""
    _, client = clients
    body = f'{{"name": {number}, "price": 1}}'.encode()
    got = client.post("/items/1", content=body, headers={"content-type": "application/json"})
    expected = {"type": "string_type", "loc": ["body", "name"], "msg": "Input should be a valid string"}
    assert (got.status_code, got.json()) == (422, {"detail": [{**expected, "input": None}]}), got.text


def test_response_model_filters_and_status_code() -> None:
    """The result goes through the response model: fields it does not declare are dropped
    (a password never leaks), and the declared status code is used."""

    class UserIn(BaseModel):
        name: str
        password: str

    class UserOut(BaseModel):
        name: str

    def create(user: UserIn) -> UserOut:
        return user  # type: ignore[return-value]

    client = mini_client([APIRoute("/users", create, methods=["POST"], status_code=201)])
    response = client.post("/users", json={"name": "ada", "password": "secret"})
    assert (response.status_code, response.json()) == (201, {"name": "ada"})


def test_without_a_response_model_any_value_is_sent_as_json() -> None:
    """With response_model=None the result is converted as it is: models, dates, tuples."""
    import datetime

    class Point(BaseModel):
        x: int

    def anything() -> Any:
        return {"when": datetime.date(2024, 5, 1), "point": Point(x=1), "pair": (1, 2)}

    response = mini_client([APIRoute("/any", anything)]).get("/any")
    assert response.json() == {"when": "2024-05-01", "point": {"x": 1}, "pair": [1, 2]}


def test_no_content_and_raw_responses() -> None:
    """status_code=204 sends no body; a returned Response is sent as it is."""

    def delete() -> None:
        return None

    def raw(request: Request) -> JSONResponse:
        return JSONResponse({"path": request.url.path}, status_code=202)

    client = mini_client([APIRoute("/d", delete, methods=["DELETE"], status_code=204), APIRoute("/raw", raw)])
    deleted = client.delete("/d")
    assert (deleted.status_code, deleted.content) == (204, b"")
    answered = client.get("/raw")
    assert (answered.status_code, answered.json()) == (202, {"path": "/raw"})


def test_a_wrong_return_value_is_a_server_error() -> None:
    """Returning something the response model rejects is the server's bug: a 500, and the
    ResponseValidationError says what was wrong."""

    class Out(BaseModel):
        count: int

    def broken() -> Out:
        return {"count": "many"}  # type: ignore[return-value]

    route = APIRoute("/broken", broken)
    with pytest.raises(ResponseValidationError, match="response"):
        route.serialize({"count": "many"})
    client = TestClient(ServerErrorMiddleware(Router([route])), raise_server_exceptions=False)
    assert client.get("/broken").status_code == 500


def test_header_cookie_and_body_markers_read_the_right_place() -> None:
    """Header(alias=...), Cookie() and Body(embed=True) read exactly where they say."""

    def endpoint(
        agent: Annotated[str, Header(alias="User-Agent")],
        theme: Annotated[str, Cookie()] = "light",
        n: Annotated[int, Body(embed=True)] = 0,
    ) -> dict[str, Any]:
        return {"agent": agent, "theme": theme, "n": n}

    client = mini_client([APIRoute("/m", endpoint, methods=["POST"])])
    response = client.post("/m", json={"n": 4}, headers={"user-agent": "me", "cookie": "theme=dark"})
    assert response.json() == {"agent": "me", "theme": "dark", "n": 4}


def test_the_example_app_serves_users(example_app: Any) -> None:
    """The lesson's example: POST /users creates (201), GET /users/{id} reads (404 if none),
    GET /users?limit= lists, and bad input gets a 422."""
    client = TestClient(example_app)
    created = client.post("/users", json={"name": "Ada", "email": "ada@example.com"})
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    assert client.get(f"/users/{user_id}").json()["name"] == "Ada"
    assert client.get("/users/999999").status_code == 404
    assert client.get("/users?limit=0").status_code == 422
    assert any(user["id"] == user_id for user in client.get("/users?limit=100").json())


def test_corpus_routes_build() -> None:
    """Every corpus endpoint can be turned into an APIRoute (the analysis accepts them all)."""
    for describe in CORPUS.values():
        assert mini_routes(describe)
