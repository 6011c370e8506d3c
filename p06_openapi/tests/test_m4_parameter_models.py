"""Milestone 4: parameter models, a model behind `Query()`, `Header()` or `Cookie()`.

`filters: Annotated[Filters, Query()]` reads each field of `Filters` from the query string
under its own name (a `list[...]` field takes every value), then validates them together as
the model: its defaults and constraints apply, and with `extra="forbid"` any other key is
an error. A header model reads `save_data` from `save-data` (unless
`convert_underscores=False`); `Model | None = None` is None when none of its fields is sent.
The document lists the fields as separate parameters. FastAPI is the oracle.
"""

from typing import Annotated, Any, Literal

import pytest
from miniopenapi import Header, Query, analyze
from minipydantic import BaseModel

from .twins import Twins


def describe(ns: Any, log: list[str]) -> list[tuple[str, Any, dict[str, Any]]]:
    class Filters(ns.BaseModel):
        limit: int = ns.Field(100, gt=0, le=100)
        order_by: Literal["created_at", "updated_at"] = "created_at"
        tags: list[str] = ns.Field(default_factory=list)

    class Strict(ns.BaseModel):
        model_config = ns.ConfigDict(extra="forbid")
        limit: int = 10

    class Common(ns.BaseModel):
        host: str
        save_data: bool
        x_tag: list[str] = ns.Field(default_factory=list)

    class Span(ns.BaseModel):
        start: int
        end: int

    class Cookies(ns.BaseModel):
        session_id: str
        tracker: str | None = None

    def query(filters: Annotated[Filters, ns.Query()]) -> dict[str, Any]:
        return filters.model_dump()

    def strict(s: Annotated[Strict, ns.Query()]) -> dict[str, Any]:
        return s.model_dump()

    def headers(h: Annotated[Common, ns.Header()]) -> dict[str, Any]:
        return h.model_dump()

    def raw_headers(h: Annotated[Common, ns.Header(convert_underscores=False)]) -> dict[str, Any]:
        return h.model_dump()

    def span(limit: int = 10, s: Annotated[Span | None, ns.Query()] = None) -> dict[str, Any]:
        return {"limit": limit, "span": s.model_dump() if s else None}

    def cookies(c: Annotated[Cookies, ns.Cookie()]) -> dict[str, Any]:
        return c.model_dump()

    return [
        ("/query", query, {}),
        ("/strict", strict, {}),
        ("/headers", headers, {}),
        ("/raw-headers", raw_headers, {}),
        ("/span", span, {}),
        ("/cookies", cookies, {}),
    ]


@pytest.fixture(scope="module")
def twins() -> Twins:
    return Twins(describe)


CASES = {
    "every field, a list repeated": ("/query?limit=5&order_by=updated_at&tags=a&tags=b", {}),
    "the model's defaults": ("/query", {}),
    "the model's errors, at the fields' names": ("/query?limit=150&order_by=name", {}),
    "other keys are ignored by default": ("/query?tool=plumbus", {}),
    "other keys refused with extra=forbid": ("/strict?limit=2&tool=plumbus", {}),
    "a header field read with dashes": (
        "/headers",
        {"headers": [("save-data", "yes"), ("x-tag", "a"), ("x-tag", "b")]},
    ),
    "a missing header named as sent, the model's input shown": ("/headers", {}),
    "the field's own name is not its header": ("/headers", {"headers": {"save_data": "yes"}}),
    "convert_underscores=False reads the name as it is": ("/raw-headers", {"headers": {"save_data": "no"}}),
    "an optional model not sent is None": ("/span?limit=3", {}),
    "an optional model sent whole": ("/span?start=1&end=2", {}),
    "an optional model sent in part": ("/span?start=1", {}),
    "a cookie model": ("/cookies", {"headers": {"cookie": "session_id=s1"}}),
    "a cookie model missing a cookie": ("/cookies", {"headers": {"cookie": "tracker=t"}}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_same_answer_as_fastapi(name: str, twins: Twins) -> None:
    """The same status and JSON body as FastAPI. A 422 where FastAPI answers 200: read each
    field under its own name (`leaf.fields`), not the parameter's; the wrong error input or
    location: validate ONE dict of the fields (plus the other keys) against the model."""
    url, options = CASES[name]
    expected, got = twins.ask("GET", url, **options)
    assert got == expected, f"{name}:\nexpected {expected}\ngot      {got}"


def test_the_fields_are_documented_as_parameters() -> None:
    """`documented_parameters` lists a model's fields in its place, each with its own name
    and location; a field of a model that may be absent as a whole is never required."""

    class Span(BaseModel):
        start: int
        end: int = 5

    class Client(BaseModel):
        user_agent: str

    def endpoint(
        limit: int = 10,
        s: Annotated[Span | None, Query()] = None,
        c: Annotated[Client, Header()] = ...,  # type: ignore[assignment]
    ) -> None: ...

    signature = analyze(endpoint, set())
    documented = [(leaf.location, leaf.alias, leaf.required) for leaf in signature.documented_parameters]
    assert documented == [
        ("query", "limit", False),
        ("query", "start", False),
        ("query", "end", False),
        ("header", "user-agent", True),
    ], documented
    assert [leaf.key for leaf in signature.documented_parameters][-1] == "user_agent"
