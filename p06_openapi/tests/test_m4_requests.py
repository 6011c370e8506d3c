"""Milestone 4: an APIRoute answers requests: parameters in, validated, the result out as JSON.

Per request the route reads every parameter leaf (path, query, header, cookie), validates
it, collects ALL the errors into one 422 (FastAPI's body: {"detail": [{"type", "loc",
"msg", "input", ...}]}), calls the endpoint and sends its result through the response
model. JSON request bodies are milestone 5: nothing here sends one. FastAPI, given the same
endpoints (inputs.py), is the oracle for the status codes and bodies.
"""

import dataclasses
import datetime
import enum
import string
import uuid
from contextlib import suppress
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Annotated, Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniasgi import HTTPException, JSONResponse, Request, ServerErrorMiddleware
from miniasgi.testclient import TestClient
from minidi import Depends
from miniopenapi import APIApp, APIRoute, Cookie, Header, OpenAPI, ResponseValidationError, docs_routes
from minipydantic import BaseModel
from minirouter import Router

from .inputs import assert_same_answer, mini_client
from .openapi_corpus import CORPUS, fastapi_namespace, mini_namespace, mini_routes


def count(limit: int = 10, ratio: bool = False) -> dict[str, Any]:
    return {"limit": limit, "ratio": ratio}


def test_an_endpoint_receives_its_query_parameters_and_answers_json() -> None:
    """GET /count?limit=5 calls count(limit=5, ratio=False): "5" becomes the int 5, ratio
    keeps its default. The dict the endpoint returns is the answer: 200, as JSON."""
    response = mini_client([APIRoute("/count", count)]).get("/count?limit=5")
    assert (response.status_code, response.json()) == (200, {"limit": 5, "ratio": False}), response.text


def test_a_path_parameter_is_read_from_the_path() -> None:
    """/users/{user_id}: the value the router captured is validated like a query value."""

    def get_user(user_id: int) -> dict[str, int]:
        return {"id": user_id}

    response = mini_client([APIRoute("/users/{user_id}", get_user)]).get("/users/42")
    assert (response.status_code, response.json()) == (200, {"id": 42}), response.text


def test_a_bad_value_is_a_422_naming_where_it_was() -> None:
    """?limit=x cannot be an int: the answer is 422 with one error whose loc starts with the
    location and the name, ["query", "limit"], then minipydantic's own type, msg and input."""
    response = mini_client([APIRoute("/count", count)]).get("/count?limit=x")
    expected = {
        "type": "int_parsing",
        "loc": ["query", "limit"],
        "msg": "Input should be a valid integer, unable to parse string as an integer",
        "input": "x",
    }
    assert (response.status_code, response.json()) == (422, {"detail": [expected]}), response.text


def test_a_missing_required_parameter_is_a_422() -> None:
    """A parameter without a default must be sent: FastAPI's "missing" error, input null."""

    def search(q: str) -> dict[str, str]:
        return {"q": q}

    response = mini_client([APIRoute("/search", search)]).get("/search")
    expected = {"type": "missing", "loc": ["query", "q"], "msg": "Field required", "input": None}
    assert (response.status_code, response.json()) == (422, {"detail": [expected]}), response.text


SCENARIOS = {
    "path, query and a repeated query key": ("GET", "/items/3?tags=a&tags=b&limit=5", {}),
    "headers and cookies": ("GET", "/items/3", {"headers": {"x-token": "t", "cookie": "session=s"}}),
    "every error at once": ("GET", "/items/abc?limit=x", {}),
    "query defaults": ("GET", "/count", {}),
    "boolean query": ("GET", "/count?ratio=yes", {}),
    "boolean query with a space is refused": ("GET", "/count?ratio=%200", {}),  # a fuzz found it
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_same_status_and_body_as_fastapi(name: str, clients: tuple[Any, TestClient]) -> None:
    """Each request gets the status and JSON body FastAPI gives for the same endpoint
    (inputs.py): lists collect repeated keys, x_token reads the x-token header, every bad
    value is reported in the same 422, in parameter order."""
    assert_same_answer(clients, name, SCENARIOS[name])


@given(value=st.text(alphabet=string.digits + "-+ _.xe", max_size=6))
@example(value="12")
@example(value="1_000")
@example(value="0-0")  # found by hypothesis: Pydantic reads it as 0 (see p04's integer text)
@example(value="0-1")
def test_query_integers_are_validated_like_fastapi(value: str, clients: tuple[Any, TestClient]) -> None:
    """Whatever text arrives in ?limit=, the answer (200 with the number, or 422 saying why)
    is FastAPI's. (The text is converted by minipydantic, p04: a difference here is a
    difference between minipydantic and Pydantic.)"""
    fastapi_client, client = clients
    expected = fastapi_client.get("/count", params={"limit": value})
    got = client.get("/count", params={"limit": value})
    assert (got.status_code, got.json()) == (expected.status_code, expected.json()), value


def test_header_and_cookie_markers_read_the_right_place() -> None:
    """Header(alias="User-Agent") reads that header (any case); Cookie() reads the cookie
    of the parameter's name; a cookie that is not sent takes the default."""

    def endpoint(
        agent: Annotated[str, Header(alias="User-Agent")],
        theme: Annotated[str, Cookie()] = "light",
        lang: Annotated[str, Cookie()] = "en",
    ) -> dict[str, Any]:
        return {"agent": agent, "theme": theme, "lang": lang}

    client = mini_client([APIRoute("/m", endpoint)])
    response = client.get("/m", headers={"user-agent": "me", "cookie": "theme=dark"})
    assert response.json() == {"agent": "me", "theme": "dark", "lang": "en"}, response.text


def test_response_model_filters_and_status_code() -> None:
    """The result goes through the response model (by default the return annotation):
    fields it does not declare are dropped (a password never leaks), and the declared
    status_code is used."""

    class UserInDB(BaseModel):
        name: str
        password: str

    class UserOut(BaseModel):
        name: str

    def me() -> UserOut:
        return UserInDB(name="ada", password="secret")  # type: ignore[return-value]

    response = mini_client([APIRoute("/me", me, status_code=201)]).get("/me")
    assert (response.status_code, response.json()) == (201, {"name": "ada"}), response.text


def test_without_a_response_model_any_value_is_sent_as_json() -> None:
    """With response_model=None the result is converted as it is: models, dates, tuples."""

    class Point(BaseModel):
        x: int

    def anything() -> Any:
        return {"when": datetime.date(2024, 5, 1), "point": Point(x=1), "pair": (1, 2)}

    response = mini_client([APIRoute("/any", anything, response_model=None)]).get("/any")
    assert response.json() == {"when": "2024-05-01", "point": {"x": 1}, "pair": [1, 2]}, response.text


class Color(enum.Enum):
    RED = "red"


@dataclasses.dataclass
class Point:
    x: Decimal
    tags: set[str]


WITHOUT_A_MODEL = {
    "a Decimal": Decimal("61"),
    "a Decimal with a fraction": Decimal("1.50"),
    "a timedelta": datetime.timedelta(minutes=1, seconds=30),
    "an aware datetime": datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC),
    "a set": {3},
    "an enum": Color.RED,
    "a UUID": uuid.UUID(int=1),
    "a path": PurePosixPath("/srv/data"),
    "nested": {"prices": [Decimal("2"), Decimal("0.5")]},
    "bytes": b"raw",
    "a dataclass": Point(x=Decimal("1"), tags={"a"}),
}


@pytest.mark.parametrize("name", list(WITHOUT_A_MODEL))
def test_without_a_response_model_values_are_converted_like_fastapi(name: str) -> None:
    """With no response model, FastAPI converts the result with its jsonable_encoder, whose
    rules differ from a model's JSON mode: a Decimal is a number (61, 1.5), a timedelta its
    seconds (90.0), an aware datetime ends in "+00:00" (isoformat), a set is a list, an enum
    its value, a UUID or a path its text, a dataclass a dict. The answer must be FastAPI's,
    never a 500."""
    import fastapi

    value = WITHOUT_A_MODEL[name]

    def result() -> Any:
        return {"value": value}

    app = fastapi.FastAPI()
    app.add_api_route("/r", result, response_model=None)
    expected = TestClient(app).get("/r").json()
    got = mini_client([APIRoute("/r", result, response_model=None)]).get("/r")
    assert (got.status_code, got.json()) == (200, expected), f"{name}: expected {expected}, got {got.text}"


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
    ResponseValidationError says what was wrong (its errors' loc starts with "response")."""

    class Out(BaseModel):
        count: int

    def broken() -> Out:
        return {"count": "many"}  # type: ignore[return-value]

    route = APIRoute("/broken", broken)
    with pytest.raises(ResponseValidationError, match="response"):
        route.serialize({"count": "many"})
    client = TestClient(ServerErrorMiddleware(Router([route])), raise_server_exceptions=False)
    assert client.get("/broken").status_code == 500


def test_corpus_routes_build() -> None:
    """Every endpoint of the parity corpus (openapi_corpus.py) can be turned into an APIRoute."""
    for describe in CORPUS.values():
        assert mini_routes(describe)


# --- errors outside the endpoint: the app answers 404 and 405 as FastAPI does -------------


def error_routes(ns: Any, http_exception: type[Exception]) -> list[tuple[str, Any, dict[str, Any]]]:
    """An item route that raises HTTPExceptions, and /users served by a POST and a GET route."""

    def read_item(item_id: int) -> dict[str, int]:
        if item_id == 0:
            raise http_exception(404, "Item not found", headers={"X-Error": "no such item"})
        if item_id == 1:
            raise http_exception(418)  # the detail defaults to the status phrase
        return {"item_id": item_id}

    def create_user() -> dict[str, str]:
        return {"created": "yes"}

    def list_users() -> list[int]:
        return []

    return [
        ("/items/{item_id}", read_item, {}),
        ("/users", create_user, {"methods": ["POST"]}),
        ("/users", list_users, {}),
    ]


@pytest.fixture(scope="module")
def error_clients() -> tuple[TestClient, TestClient]:
    """(FastAPI's app, an APIApp with the same routes and the docs routes), one test client each."""
    import fastapi

    real = fastapi.FastAPI(title="Errors", version="1")
    for path, endpoint, options in error_routes(fastapi_namespace(), fastapi.HTTPException):
        real.add_api_route(path, endpoint, **options)
    routes = [
        APIRoute(path, endpoint, **options)
        for path, endpoint, options in error_routes(mini_namespace(), HTTPException)
    ]
    app = APIApp([*routes, *docs_routes(OpenAPI(routes, title="Errors", version="1"))])
    return TestClient(real, raise_server_exceptions=False), TestClient(app, raise_server_exceptions=False)


def error_answer(response: Any) -> dict[str, Any]:
    """What a client sees of an error: status, content type, body (parsed, if JSON), and the
    headers that matter here (Allow as a set of methods, the endpoint's own X-Error)."""
    allow = {method.strip() for method in response.headers.get("allow", "").split(",") if method.strip()}
    is_json = response.headers.get("content-type") == "application/json"
    return {
        "status": response.status_code,
        "content-type": response.headers.get("content-type"),
        "body": response.json() if response.content and is_json else response.content,
        "allow": allow,
        "x-error": response.headers.get("x-error"),
    }


ERRORS = {
    "unknown path": ("GET", "/nowhere"),
    "unknown path, HEAD": ("HEAD", "/nowhere"),
    "unknown path below a route": ("GET", "/items/3/more"),
    "wrong method on an APIRoute": ("POST", "/items/3"),
    "wrong method where two routes share the path": ("DELETE", "/users"),
    "wrong method on /openapi.json": ("POST", "/openapi.json"),
    "wrong method on /docs": ("PUT", "/docs"),
    "HTTPException with a detail and headers": ("GET", "/items/0"),
    "HTTPException with the default detail": ("GET", "/items/1"),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_outside_the_endpoint_answer_like_fastapi(
    name: str, error_clients: tuple[TestClient, TestClient]
) -> None:
    """An APIApp answers a path nobody serves with FastAPI's 404 {"detail": "Not Found"},
    a known path with the wrong method with 405 {"detail": "Method Not Allowed"} and the
    Allow header, both as application/json, and an HTTPException raised by an endpoint with
    its status, {"detail": ...} and its headers. If you get plain text: does APIApp put
    itself in scope["app"] (minirouter raises HTTPException only inside an app)? An APIRoute
    allows exactly its declared methods, as FastAPI's: a GET route answers HEAD with 405."""
    fastapi_client, client = error_clients
    method, url = ERRORS[name]
    expected = error_answer(fastapi_client.request(method, url))
    got = error_answer(client.request(method, url))
    assert got == expected, f"{name}: expected {expected}, got {got}"


def test_the_app_is_in_the_scope_and_its_handlers_can_be_replaced() -> None:
    """APIApp puts itself in scope["app"] (so `request.app` is the app, as in FastAPI);
    `exception_handlers` adds to or replaces miniopenapi's, by status code or class."""

    async def teapot(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"missing": request.url.path}, status_code=404)

    def whoami(request: Request) -> dict[str, bool]:
        return {"is the app": request.app is app}

    app = APIApp([APIRoute("/whoami", whoami, response_model=None)], exception_handlers={404: teapot})
    client = TestClient(app)
    assert client.get("/whoami").json() == {"is the app": True}
    missing = client.get("/nowhere")
    assert (missing.status_code, missing.json()) == (404, {"missing": "/nowhere"}), missing.text


@given(
    method=st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
    segments=st.lists(
        st.sampled_from(["items", "users", "docs", "openapi.json", "redoc", "3", "0", "x", ""]), max_size=3
    ),
)
@example(method="DELETE", segments=["users"])
@example(method="GET", segments=["nowhere"])
@example(method="HEAD", segments=["users"])  # a GET APIRoute answers HEAD with 405, as in FastAPI
def test_any_method_on_any_path_answers_like_fastapi(
    method: str, segments: list[str], error_clients: tuple[TestClient, TestClient]
) -> None:
    """Whatever the method and the path, an APIApp answers with FastAPI's status, content
    type and body (a redirect to the path with or without its trailing slash included: only
    its status is compared, its Location is relative here, see p03)."""
    fastapi_client, client = error_clients
    url = "/" + "/".join(segments)
    expected = error_answer(fastapi_client.request(method, url, follow_redirects=False))
    got = error_answer(client.request(method, url, follow_redirects=False))
    if expected["status"] in (307, 308) or expected["content-type"] == "text/html; charset=utf-8":
        expected = {"status": expected["status"]}
        got = {"status": got["status"]}
    assert got == expected, f"{method} {url}: expected {expected}, got {got}"


def test_a_dependency_that_swallows_the_error_is_a_500_like_fastapi() -> None:
    """A `yield` dependency that catches the endpoint's exception and does not re-raise it
    leaves nothing to send. FastAPI answers 500 (its FastAPIError); so does an APIApp, because
    minidi raises SuppressedExceptionError when the route's exit stack closes (p05). The
    route must not end the request without an answer."""
    import fastapi

    def build(depends: Any) -> Any:
        def get_db() -> Any:
            with suppress(ValueError):  # the bug: swallowed, not re-raised
                yield "db"

        def endpoint(db: Annotated[str, depends(get_db)]) -> dict[str, str]:
            raise ValueError("lost")

        return endpoint

    real = fastapi.FastAPI()
    real.add_api_route("/", build(fastapi.Depends))
    app = APIApp([APIRoute("/", build(Depends))])
    answers = [TestClient(a, raise_server_exceptions=False).get("/") for a in (real, app)]
    expected, got = [(r.status_code, r.text) for r in answers]
    assert got == expected == (500, "Internal Server Error"), f"expected {expected}, got {got}"
