"""Milestone 5: the API later course packages build on (p06 OpenAPI, p07 the framework).

`FieldInfo` must be subclassable (p07's `Query()`/`Body()` extend it, as FastAPI's params extend
Pydantic's), `TypeAdapter` must validate and dump any annotation, and the model API must behave
like Pydantic's. Tests with `lib` run against both libraries.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import pytest

import minipydantic
from minipydantic import FieldInfo


class Query(FieldInfo):
    """What p07 will write: a FieldInfo that also remembers where the value comes from."""

    def __init__(
        self, default: Any = minipydantic.Undefined, *, convert_underscores: bool = True, **kw: Any
    ) -> None:
        super().__init__(default, **kw)
        self.convert_underscores = convert_underscores


def test_fieldinfo_subclass_in_annotated_validates_and_documents() -> None:
    """`Annotated[int, Query(ge=1, description=...)]` enforces the constraint and shows in the schema."""
    adapter = minipydantic.TypeAdapter(Annotated[int, Query(ge=1, description="Page")])
    assert adapter.validate_python("3") == 3
    with pytest.raises(minipydantic.ValidationError) as caught:
        adapter.validate_python("0")
    assert caught.value.errors()[0]["type"] == "greater_than_equal"
    assert adapter.json_schema() == {"type": "integer", "minimum": 1, "description": "Page"}


def test_fieldinfo_subclass_survives_merging_with_a_default() -> None:
    """`page: Annotated[int, Query(ge=1)] = 5`: the merged info is still a Query, default 5."""

    class Params(minipydantic.BaseModel):
        page: Annotated[int, Query(ge=1, convert_underscores=False)] = 5

    info = Params.model_fields["page"]
    assert isinstance(info, Query)
    assert info.default == 5
    assert info.ge == 1
    assert info.convert_underscores is False
    assert Params().page == 5


def test_fieldinfo_carries_every_documented_setting() -> None:
    """Field() keeps default, factory, alias, title, description, examples, deprecated, extras
    and constraints."""
    info = minipydantic.Field(
        None,
        alias="a",
        title="T",
        description="D",
        examples=[1],
        deprecated=True,
        json_schema_extra={"x": 1},
        gt=0,
    )
    assert isinstance(info, FieldInfo)
    found = (info.default, info.alias, info.title, info.description, info.examples, info.deprecated, info.gt)
    assert found == (None, "a", "T", "D", [1], True, 0)
    assert info.json_schema_extra == {"x": 1}
    assert minipydantic.Field(default_factory=list).get_default() == []
    assert minipydantic.Field(...).is_required()
    with pytest.raises(TypeError):
        minipydantic.Field(1, default_factory=list)


def test_type_adapter_dumps_models_and_dates_in_json_mode(lib: Any) -> None:
    """dump_python(mode="json") makes nested models, dates and sets JSON-ready; dump_json gives bytes."""

    class Event(lib.BaseModel):
        at: dt.datetime
        tags: set[str] = set()

    adapter = lib.TypeAdapter(list[Event])
    events = adapter.validate_python([{"at": "2024-01-02T03:04:05Z", "tags": ["x"]}])
    assert adapter.dump_python(events, mode="json") == [{"at": "2024-01-02T03:04:05Z", "tags": ["x"]}]
    assert adapter.dump_json(events) == b'[{"at":"2024-01-02T03:04:05Z","tags":["x"]}]'


def test_type_adapter_error_title_and_json_input(lib: Any) -> None:
    """A TypeAdapter error names the type; validate_json parses then validates."""
    adapter = lib.TypeAdapter(list[int])
    with pytest.raises(lib.ValidationError) as caught:
        adapter.validate_json('[1, "x"]')
    assert str(caught.value).splitlines()[0] == "1 validation error for list[int]"


def test_model_construct_skips_validation(lib: Any) -> None:
    """model_construct trusts its input (no coercion) and fills defaults."""

    class Point(lib.BaseModel):
        x: int
        y: int = 0

    point = Point.model_construct(x="not checked")
    assert (point.x, point.y) == ("not checked", 0)
    assert point.model_fields_set == {"x"}


def test_model_dump_json_indent_and_iteration(lib: Any) -> None:
    """model_dump_json(indent=2) pretty-prints; iterating a model yields (name, value) pairs."""

    class Point(lib.BaseModel):
        x: int = 1

    assert Point().model_dump_json(indent=2) == '{\n  "x": 1\n}'
    assert dict(Point()) == {"x": 1}
    assert str(Point()) == "x=1"


def test_unknown_attribute_and_unhashable_model(lib: Any) -> None:
    """Setting a non-field raises ValueError; a mutable model is not hashable; a missing
    attribute raises AttributeError."""

    class Point(lib.BaseModel):
        x: int = 1

    point = Point()
    with pytest.raises(ValueError, match="no field"):
        point.z = 3
    with pytest.raises(TypeError):
        hash(point)
    with pytest.raises(AttributeError):
        _ = point.missing


def test_url_parts(lib: Any) -> None:
    """A validated URL exposes scheme, host, port (default filled in), path, query and fragment."""
    url = lib.TypeAdapter(lib.HttpUrl).validate_python("https://user:pw@Example.com/a/b?q=1#top")
    parts = (url.scheme, url.host, url.port, url.path, url.query, url.fragment, url.username, url.password)
    assert parts == ("https", "example.com", 443, "/a/b", "q=1", "top", "user", "pw")
    assert str(url) == "https://user:pw@example.com/a/b?q=1#top"
