"""Milestone 3: read an endpoint's signature once and sort its parameters by location.

FastAPI's rules: a marker (`Query()`, `Header()`...) decides; otherwise a name in the path
template is a path parameter, a model is the body, anything else is a query parameter.
Parameters of `Depends` dependencies count too, at any depth.
"""

from typing import Annotated

import pytest
from miniasgi import Request
from minidi import Depends
from miniopenapi import Body, Cookie, Header, Path, Query, analyze
from minipydantic import BaseModel, PydanticSchemaGenerationError


class Item(BaseModel):
    name: str


def where(signature) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    leaves = signature.parameters + signature.body
    return [(leaf.location, leaf.alias) for leaf in leaves]


def test_default_rules_path_body_query() -> None:
    """`item_id` is in the path template, `item` is a model (body), `q` is a plain scalar
    (query). The result lists path, query, header and cookie parameters in that order."""

    def endpoint(q: str, item: Item, item_id: int) -> None: ...

    signature = analyze(endpoint, {"item_id"})
    assert where(signature) == [("path", "item_id"), ("query", "q"), ("body", "item")], where(signature)
    assert not signature.embed_body, "a single body parameter is the whole body, not embedded"


def test_markers_override_the_rules() -> None:
    """Header/Cookie/Body markers move a parameter; a Header's underscores become dashes."""

    def endpoint(
        user_agent: Annotated[str, Header()],
        session: Annotated[str, Cookie()],
        count: Annotated[int, Body()],
        raw_name: Annotated[str, Header(convert_underscores=False)],
        renamed: Annotated[str, Query(alias="other-name")],
    ) -> None: ...

    assert where(analyze(endpoint, set())) == [
        ("query", "other-name"),
        ("header", "user-agent"),
        ("header", "raw_name"),
        ("cookie", "session"),
        ("body", "count"),
    ]


def test_markers_also_work_as_defaults() -> None:
    """`x: int = Query(3)` is the older spelling of `Annotated[int, Query()] = 3`."""

    def endpoint(limit: int = Query(3, le=10), token: str = Header("none")) -> None: ...

    signature = analyze(endpoint, set())
    limit, token = signature.parameters
    assert (limit.location, limit.required, limit.default()) == ("query", False, 3)
    assert (token.location, token.alias, token.default()) == ("header", "token", "none")


def test_required_and_defaults() -> None:
    """A parameter without a default is required; `Annotated[int, Query()] = 10` has default 10."""

    def endpoint(a: int, b: Annotated[int, Query(ge=1)] = 10, c: list[str] | None = None) -> None: ...

    a, b, c = analyze(endpoint, set()).parameters
    assert a.required
    assert not b.required
    assert not c.required
    assert b.default() == 10
    assert c.default() is None
    assert c.is_sequence, "list[str] | None is a sequence: ?c=1&c=2 collects both"


def test_dependency_parameters_are_leaves_too() -> None:
    """Query parameters declared by a dependency (and its own dependency) belong to the
    endpoint: they are validated and documented with it. The endpoint's own come first."""

    def token(x_token: Annotated[str, Header()]) -> str:
        return x_token

    def paging(skip: int = 0, auth: str = Depends(token)) -> int:
        return skip

    def endpoint(page: Annotated[int, Depends(paging)], q: str = "") -> None: ...

    assert where(analyze(endpoint, set())) == [("query", "q"), ("query", "skip"), ("header", "x-token")]


def test_the_same_parameter_in_two_dependencies_is_one_leaf() -> None:
    """Two dependencies asking for the same `?q=` share one value and one entry."""

    def first(q: str = "") -> str:
        return q

    def second(q: str = "") -> str:
        return q

    def endpoint(a: Annotated[str, Depends(first)], b: Annotated[str, Depends(second)]) -> None: ...

    assert where(analyze(endpoint, set())) == [("query", "q")]


def test_several_bodies_are_embedded() -> None:
    """With two body parameters (or `Body(embed=True)`), the body is an object keyed by name."""

    def two(item: Item, note: Annotated[str, Body()]) -> None: ...

    def one(item: Annotated[Item, Body(embed=True)]) -> None: ...

    assert analyze(two, set()).embed_body
    assert analyze(one, set()).embed_body


def test_special_types_are_not_parameters() -> None:
    """A `Request` parameter receives the request itself; it is neither validated nor documented."""

    def endpoint(request: Request, q: int = 0) -> None: ...

    assert where(analyze(endpoint, set())) == [("query", "q")]


def test_a_path_parameter_cannot_have_a_default() -> None:
    """The path always supplies its parameters, so `Path(default=...)` is a definition error."""
    with pytest.raises(ValueError, match="path parameter"):
        Path(3)


def test_an_unsupported_parameter_type_fails_at_definition_time() -> None:
    """A parameter whose type cannot be validated is reported when the route is defined (the
    validator is compiled there), never at the first request."""

    class Unknown:
        pass

    def endpoint(thing: Unknown) -> None: ...

    with pytest.raises(PydanticSchemaGenerationError, match="Unknown"):
        analyze(endpoint, set())
