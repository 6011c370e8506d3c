"""Milestone 8: the API later course packages build on (p06 OpenAPI, p07 the framework).

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

from .parity import assert_same


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


@pytest.mark.parametrize(
    ("tp", "text"),
    [(list[int], '{"a": 1}'), (dict[str, int], "[1]"), (None, "1"), (tuple[int, ...], "1"), (set[int], "{}")],
)
def test_validate_json_words_errors_as_pydantic_json_mode(tp: Any, text: str) -> None:
    """TypeAdapter.validate_json words its entries as Pydantic's JSON mode does ("Input should
    be a valid array", "Input should be an object", "Input should be null")."""
    assert_same(lambda lib: lib.TypeAdapter(tp).validate_json(text))
