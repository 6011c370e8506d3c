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
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Annotated, Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniasgi import JSONResponse, Request, ServerErrorMiddleware
from miniasgi.testclient import TestClient
from miniopenapi import APIRoute, Cookie, Header, ResponseValidationError
from minipydantic import BaseModel
from minirouter import Router

from .inputs import assert_same_answer, mini_client
from .openapi_corpus import CORPUS, mini_routes


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
