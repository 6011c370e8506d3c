"""Milestone 5: JSON request bodies.

A model parameter is the request body: the bytes are parsed as JSON (only when the
Content-Type says JSON), validated, and every error joins the parameters' errors in the
same 422 (loc ["body", ...]). Several body parameters, or Body(embed=True), make the body
an object keyed by name. FastAPI, given the same endpoints (inputs.py), is the oracle.
"""

from typing import Annotated, Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from miniasgi.testclient import TestClient
from miniopenapi import APIRoute, Body

from .inputs import assert_same_answer, mini_client

JSON = {"content-type": "application/json"}

SCENARIOS = {
    "a JSON body": ("POST", "/items/3?limit=5", {"json": {"name": "n", "price": "2.5"}}),
    "every error at once": ("POST", "/items/abc?limit=x", {"json": {"name": "", "price": "free"}}),
    "missing body": ("POST", "/items/1", {}),
    "malformed JSON": ("POST", "/items/1", {"content": b'{"name": ', "headers": JSON}),
    "embedded bodies": ("POST", "/embedded", {"json": {"item": {"name": "n", "price": 1}, "note": "hi"}}),
    "embedded body missing a key": ("POST", "/embedded", {"json": {"item": {"name": "n", "price": 1}}}),
}


def test_a_model_parameter_is_the_json_body() -> None:
    """POST {"n": 4} to an endpoint taking a model: the model is built from the body."""
    from minipydantic import BaseModel

    class Count(BaseModel):
        n: int

    def create(count: Count) -> dict[str, int]:
        return {"twice": count.n * 2}

    response = mini_client([APIRoute("/c", create, methods=["POST"])]).post("/c", json={"n": 4})
    assert (response.status_code, response.json()) == (200, {"twice": 8}), response.text


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_same_status_and_body_as_fastapi(name: str, clients: tuple[Any, TestClient]) -> None:
    """Each request gets the status and JSON body FastAPI gives for the same endpoint: body
    errors at ["body", field], a missing body at ["body"], malformed JSON as ONE json_invalid
    error, and an embedded body's keys at ["body", name]."""
    assert_same_answer(clients, name, SCENARIOS[name])


def test_body_embed_reads_one_key_of_the_object() -> None:
    """Body(embed=True) on a lone body parameter: the body is {"n": ...}, not the bare value."""

    def endpoint(n: Annotated[int, Body(embed=True)] = 0) -> dict[str, int]:
        return {"n": n}

    client = mini_client([APIRoute("/m", endpoint, methods=["POST"])])
    assert client.post("/m", json={"n": 4}).json() == {"n": 4}
    assert client.post("/m").json() == {"n": 0}, "no body at all: the default"


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
    what was sent: only application/json and application/*+json bodies are parsed. The
    error is FastAPI's `model_attributes_type` (it validates bodies "from attributes"; for
    values off the wire, that changes only this error: say it where the model says
    `model_type`)."""
    fastapi_client, client = clients
    for answer in (fastapi_client.post("/items/1", **options), client.post("/items/1", **options)):
        (error,) = answer.json()["detail"]
        got = (answer.status_code, error["type"], error["loc"], error["input"])
        assert got == (422, "model_attributes_type", ["body"], sent), answer.text


def status_wanted(fastapi_client: Any, body: bytes) -> int:
    """FastAPI's status for this body, or 422 where FastAPI fails because an error's input is
    NaN or Infinity (a deliberate difference: we show it as null, README)."""
    try:
        status: int = fastapi_client.post("/items/1", content=body, headers=JSON).status_code
    except ValueError as exc:
        if "Out of range float values" not in str(exc):
            raise
        return 422
    return status


@given(body=st.one_of(st.binary(max_size=20), st.text(max_size=20).map(str.encode)))
@example(body=b'{"name": "n", "price": 1}')
@example(body=b"\xff")
@example(body=b"Infinity")  # found by `nox -s explore`: FastAPI fails here, see below
def test_any_body_bytes_get_fastapis_status(body: bytes, clients: tuple[Any, TestClient]) -> None:
    """Whatever bytes arrive as a JSON body, the status is FastAPI's (200, 422 or 400), never
    a 500. Bytes that are not UTF-8 text (b"\\xff") are a 400. Where FastAPI itself fails
    (an error whose input is NaN or Infinity, which it cannot render), the answer is a 422."""
    fastapi_client, client = clients
    expected = status_wanted(fastapi_client, body)
    got = client.post("/items/1", content=body, headers=JSON)
    assert got.status_code == expected, f"{body!r}: expected {expected}, got {got.status_code} {got.text}"


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"name": ' * 5_000], ids=["a list", "objects"])
def test_json_nested_too_deep_is_a_400_like_fastapi(body: bytes, clients: tuple[Any, TestClient]) -> None:
    """JSON nested deeper than Python's recursion limit makes json.loads raise RecursionError:
    that is a 400 "There was an error parsing the body", as in FastAPI, never a 500. Catch it
    where you catch the UnicodeDecodeError of a body that is not text."""
    fastapi_client, client = clients
    expected = fastapi_client.post("/items/1", content=body, headers=JSON)
    got = client.post("/items/1", content=body, headers=JSON)
    assert (
        (got.status_code, got.json())
        == (expected.status_code, expected.json())
        == (400, {"detail": "There was an error parsing the body"})
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
    got = client.post("/items/1", content=body, headers=JSON)
    expected = {"type": "string_type", "loc": ["body", "name"], "msg": "Input should be a valid string"}
    assert (got.status_code, got.json()) == (422, {"detail": [{**expected, "input": None}]}), got.text


def test_a_validators_exception_in_the_error_context_is_rendered_as_fastapi_renders_it() -> None:
    """An `AfterValidator` that raises ValueError puts the exception object in the error's
    `ctx`; FastAPI answers it through `jsonable_encoder`, which turns the object into its
    attributes: `{"error": {}}`. The message is in `msg`."""
    from .twins import Twins

    def describe(ns: Any, log: list[str]) -> list[Any]:
        def even(value: int) -> int:
            if value % 2:
                raise ValueError("must be even")
            return value

        class Pair(ns.BaseModel):
            count: Annotated[int, ns.AfterValidator(even)]

        def create(pair: Pair) -> dict[str, int]:
            return {"count": pair.count}

        return [("/pairs", create, {"methods": ["POST"]})]

    expected, got = Twins(describe).ask("POST", "/pairs", json={"count": 3})
    assert got == expected
    assert got["body"]["detail"][0]["ctx"] == {"error": {}}
