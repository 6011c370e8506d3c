"""Milestone 5: form bodies, and the answers for a body that does not fit.

A `Form()` parameter is one field of a form body (`application/x-www-form-urlencoded`),
read with `request.form()`: a `list[...]` field takes every value sent under its name, and
an empty field counts as not sent. A model declared `Form()` is the whole form, one model
field per form field, validated as the model (`extra="forbid"` refuses other fields); a
union of models is told apart by its discriminator. `File()` is a form field too, for
`multipart/form-data`. A JSON endpoint sent a form, or text, says what FastAPI says:
`model_attributes_type`. FastAPI is the oracle.
"""

from typing import Annotated, Any, Literal
from unittest.mock import patch

import pytest
from miniopenapi import analyze
from miniopenapi.params import File, Form
from minipydantic import BaseModel

from .twins import Twins


def describe(ns: Any, log: list[str]) -> list[tuple[str, Any, dict[str, Any]]]:
    class Login(ns.BaseModel):
        username: str
        password: str

    class StrictLogin(Login):
        model_config = ns.ConfigDict(extra="forbid")

    class Prefs(ns.BaseModel):
        tags: list[str] = ns.Field(default_factory=list)

    class Person(ns.BaseModel):
        kind: Literal["person"]
        name: str

    class Company(ns.BaseModel):
        kind: Literal["company"]
        company_name: str

    class Item(ns.BaseModel):
        name: str
        price: float

    def login(username: Annotated[str, ns.Form()], password: Annotated[str, ns.Form()]) -> str:
        return username

    def tags(tags: Annotated[list[str], ns.Form()] = []) -> list[str]:  # noqa: B006 - never mutated
        return tags

    def login_model(data: Annotated[Login, ns.Form()]) -> dict[str, Any]:
        return data.model_dump()

    def strict_model(data: Annotated[StrictLogin, ns.Form()]) -> dict[str, Any]:
        return data.model_dump()

    def profile(
        login: Annotated[Login, ns.Form()],
        prefs: Annotated[Prefs, ns.Form()],
        token: Annotated[str, ns.Form()],
    ) -> dict[str, Any]:
        return {"login": login.model_dump(), "prefs": prefs.model_dump(), "token": token}

    def contact(contact: Annotated[Person | Company | None, ns.Form(discriminator="kind")] = None) -> Any:
        return contact.model_dump() if contact else None

    def create(item: Item) -> dict[str, Any]:
        return item.model_dump()

    post = {"methods": ["POST"]}
    return [
        ("/login", login, post),
        ("/tags", tags, post),
        ("/login-model", login_model, post),
        ("/strict-model", strict_model, post),
        ("/profile", profile, post),
        ("/contact", contact, post),
        ("/items", create, post),
    ]


@pytest.fixture(scope="module")
def twins() -> Twins:
    return Twins(describe)


LOGIN = {"username": "rick", "password": "portal"}
TEXT = {"content": b'{"name": "n", "price": 1}', "headers": {"content-type": "text/plain"}}
CASES = {
    "form fields": ("/login", {"data": LOGIN}),
    "a missing form field": ("/login", {"data": {"username": "rick"}}),
    "an empty form field is not sent": ("/login", {"data": {"username": "rick", "password": ""}}),
    "JSON sent to a form": ("/login", {"json": LOGIN}),
    "a list field takes every value": ("/tags", {"data": {"tags": ["a", "b"]}}),
    "a list field not sent": ("/tags", {}),
    "a form model": ("/login-model", {"data": LOGIN}),
    "a form model missing a field": ("/login-model", {"data": {"password": "portal"}}),
    "a form model ignores other fields": ("/login-model", {"data": {**LOGIN, "extra": "x"}}),
    "a form model with extra=forbid": ("/strict-model", {"data": {**LOGIN, "extra": "x"}}),
    "two form models and a field": ("/profile", {"data": {**LOGIN, "tags": ["a", "b"], "token": "t"}}),
    "an optional union of models, not sent": ("/contact", {}),
    "a union of models, told apart": ("/contact", {"data": {"kind": "company", "company_name": "Acme"}}),
    "a union member missing a field": ("/contact", {"data": {"kind": "person"}}),
    "a union without its tag": ("/contact", {"data": {"name": "Rick"}}),
    "a form sent to a JSON endpoint": ("/items", {"data": {"name": "n", "price": "1"}}),
    "text sent to a JSON endpoint": ("/items", TEXT),
    "a JSON list sent for a model": ("/items", {"json": [1, 2]}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_same_answer_as_fastapi(name: str, twins: Twins) -> None:
    """The same status and JSON body as FastAPI. A form endpoint reads `await
    request.form()`: each Form leaf by its alias (every value for a list; "" means not
    sent), a form model from the whole form (its fields, plus the other keys for its
    `extra` policy), errors at ["body", field]. A model given something that is not an
    object says `model_attributes_type`, as FastAPI (which validates from attributes)."""
    url, options = CASES[name]
    expected, got = twins.ask("POST", url, **options)
    assert got == expected, f"{name}:\nexpected {expected}\ngot      {got}"


def test_a_body_that_fails_to_parse_for_any_reason_is_a_400(twins: Twins) -> None:
    """Whatever goes wrong while parsing the JSON (here `json.loads` itself fails), the
    answer is FastAPI's 400 "There was an error parsing the body", never a 500."""
    answers = []
    for client in (twins.fastapi, twins.mini):
        with patch("json.loads", side_effect=Exception):
            response = client.post("/items", json={"name": "n", "price": 1})
        answers.append((response.status_code, response.json()))
    expected, got = answers
    assert got == expected == (400, {"detail": "There was an error parsing the body"}), got


def test_form_and_file_markers_make_a_form_body() -> None:
    """`Form()` means a urlencoded form, `File()` a multipart one; a lone form field is one
    key of the form (embedded), a form model is the whole form (not embedded)."""
    assert Form().media_type == "application/x-www-form-urlencoded"
    assert File().media_type == "multipart/form-data"

    class Login(BaseModel):
        username: str

    def field(username: Annotated[str, Form()]) -> None: ...

    def model(data: Annotated[Login, Form()]) -> None: ...

    one, whole = analyze(field, set()), analyze(model, set())
    assert (one.form_body, one.embed_body) == (True, True)
    assert (whole.form_body, whole.embed_body) == (True, False)
    assert [leaf.alias for leaf in whole.body[0].fields] == ["username"]
