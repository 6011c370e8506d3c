"""Milestone 8: what a FastAPI client sees: error entries, `str(err)`, and JSON Schema.

The schema tests compare whole documents with Pydantic's (dict equality, so key order does not
matter). FastAPI puts these in OpenAPI `components`, so `ref_template` must be honoured.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union
from uuid import UUID

import pydantic
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import minipydantic

from .corpus import MODEL_NAMES, build_tagged, models
from .parity import assert_same
from .single import field_model

COMPONENTS = "#/components/schemas/{model}"


def test_str_of_validation_error_reads_like_pydantic() -> None:
    """Header "N validation errors for Model", then per error its loc and
    "msg [type=..., input_value=..., input_type=...]" (Pydantic's docs-link line is left out)."""
    data = {"name": "", "age": 200}
    with pytest.raises(minipydantic.ValidationError) as mine:
        models(minipydantic).User.model_validate(data)
    with pytest.raises(pydantic.ValidationError) as real:
        models(pydantic).User.model_validate(data)
    expected = "\n".join(line for line in str(real.value).splitlines() if "errors.pydantic.dev" not in line)
    assert str(mine.value) == expected


def _text_of(lib: Any, value: Any) -> str:
    """str(err) for `value` given to a field that accepts only None, minus Pydantic's URL lines."""
    try:
        field_model(lib, None).model_validate({"x": value})
    except lib.ValidationError as err:
        return "\n".join(line for line in str(err).splitlines() if "errors.pydantic.dev" not in line)
    raise AssertionError(f"{value!r} was accepted")


class _Holder:
    class Unprintable:
        """A value whose repr raises, of a type whose qualified name has a dot."""

        def __repr__(self) -> str:
            raise RuntimeError("no repr")


LONG_INPUTS = [
    _Holder.Unprintable(),
    10**5000,
    -(10**4300),
    10**4299,
    [1, 10**5000],
    "x" * 50,
    "x" * 200,
    "é" * 200,
    "日本" * 40,
    "😀" * 60,
    "a" * 23 + "é" * 30,
    list(range(100)),
    {"key": "b" * 100},
    b"x" * 200,
]


@pytest.mark.parametrize("value", LONG_INPUTS, ids=lambda v: type(v).__name__)
def test_str_of_error_shortens_and_survives_any_input(value: Any) -> None:
    """str(err) shows input_value as Pydantic does: a repr over 50 bytes (UTF-8) is cut to its
    first 25 and last 24 bytes, on character boundaries, around "..."; a value whose repr
    raises (an int over 4300 digits) shows as <unprintable int object>. It never raises."""
    assert _text_of(minipydantic, value) == _text_of(pydantic, value)


@given(
    st.recursive(
        st.text(max_size=60) | st.integers() | st.floats() | st.binary(max_size=60) | st.booleans(),
        lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
        max_leaves=20,
    )
)
@example("é" * 26)
def test_str_of_error_matches_pydantic_for_any_input(value: Any) -> None:
    """Whatever the input, str(err) is Pydantic's text (without its documentation link)."""
    assert _text_of(minipydantic, value) == _text_of(pydantic, value)


def test_errors_without_context_or_input() -> None:
    """errors(include_context=False, include_input=False) drops those keys, as FastAPI may ask."""
    with pytest.raises(minipydantic.ValidationError) as caught:
        models(minipydantic).User.model_validate({"name": "", "age": 1})
    [entry] = caught.value.errors(include_context=False, include_input=False, include_url=False)
    assert entry == {
        "type": "string_too_short",
        "loc": ("name",),
        "msg": "String should have at least 1 character",
    }
    assert caught.value.error_count() == 1
    assert caught.value.title == "User"


@pytest.mark.parametrize("name", MODEL_NAMES)
@pytest.mark.parametrize("mode", ["validation", "serialization"])
@pytest.mark.parametrize("template", ["#/$defs/{model}", COMPONENTS])
def test_model_json_schema_matches_pydantic(name: str, mode: str, template: str) -> None:
    """Titles ("Item Id"), required, $defs/$ref, anyOf-null, constraints, formats, defaults."""
    mine = getattr(models(minipydantic), name).model_json_schema(ref_template=template, mode=mode)
    real = getattr(models(pydantic), name).model_json_schema(ref_template=template, mode=mode)
    assert mine == real, f"\nminipydantic: {mine}\npydantic:     {real}"


class Shade(enum.Enum):
    """Light or dark."""

    LIGHT = 1
    DARK = 2


def schema_types(lib: Any) -> list[Any]:
    return [
        int,
        Optional[str],
        list[int],
        dict[str, float],
        dict[str, Any],
        dict,
        list[Any],
        set[str],
        tuple[int, str],
        tuple[int, ...],
        Literal["x"],
        Literal["a", "b"],
        Literal[1, "a"],
        Union[int, str, None],
        Shade,
        Decimal,
        UUID,
        dt.datetime,
        dt.date,
        dt.time,
        dt.timedelta,
        bytes,
        Any,
        lib.EmailStr,
        lib.HttpUrl,
        lib.AnyUrl,
        Annotated[int, lib.Field(ge=0, lt=10, title="Small", description="d")],
        Annotated[list[int], lib.Field(max_length=3, min_length=1)],
        Annotated[str, lib.Field(pattern="^a", examples=["abc"])],
        Annotated[float, lib.Field(multiple_of=0.5, gt=0)],
        list[models(lib).Item],
        Optional[models(lib).Node],
        dict[str, models(lib).Address],
    ]


@pytest.mark.parametrize("index", range(len(schema_types(pydantic))))
@pytest.mark.parametrize("mode", ["validation", "serialization"])
def test_type_adapter_json_schema_matches_pydantic(index: int, mode: str) -> None:
    """TypeAdapter(tp).json_schema(ref_template=..., mode=...) for the types a parameter may have."""
    mine = minipydantic.TypeAdapter(schema_types(minipydantic)[index]).json_schema(
        ref_template=COMPONENTS, mode=mode
    )
    real = pydantic.TypeAdapter(schema_types(pydantic)[index]).json_schema(ref_template=COMPONENTS, mode=mode)
    assert mine == real, f"\nminipydantic: {mine}\npydantic:     {real}"


def test_field_documentation_in_schema() -> None:
    """title, description, examples, deprecated and json_schema_extra all reach the schema."""

    def action(lib: Any) -> Any:
        class Product(lib.BaseModel):
            """A thing for sale."""

            model_config = lib.ConfigDict(extra="forbid", title="Produit")
            product_id: int = lib.Field(
                alias="productId", gt=0, deprecated=True, json_schema_extra={"x-unit": "id"}
            )
            label: str = lib.Field("?", title="Label text", description="Shown to users", examples=["Pen"])
            price: float = lib.Field(default_factory=lambda: 1.0)

        return Product.model_json_schema()

    assert_same(action)


def test_json_schema_extra_in_annotated_reaches_the_schema() -> None:
    """`Annotated[str, Field(json_schema_extra={"format": "password"})]` outside a model (a
    FastAPI form field): the extra is merged last, as on a model's field; a function gets the
    schema to change."""

    def action(lib: Any) -> Any:
        def mark(schema: dict[str, Any]) -> None:
            schema["x-secret"] = True

        password = Annotated[str, lib.Field(title="Password", json_schema_extra={"format": "password"})]
        marked = Annotated[int, lib.Field(gt=0, json_schema_extra=mark)]
        return [lib.TypeAdapter(password).json_schema(), lib.TypeAdapter(marked).json_schema()]

    assert_same(action)


def test_type_adapter_validates_bare_constrained_types(lib: Any) -> None:
    """TypeAdapter validates outside a model, e.g. a query parameter `list[int]` of at most 3."""
    adapter = lib.TypeAdapter(Annotated[list[int], lib.Field(max_length=3)])
    assert adapter.validate_python(["1", 2]) == [1, 2]
    with pytest.raises(lib.ValidationError) as caught:
        adapter.validate_python([1, 2, 3, 4])
    assert caught.value.errors()[0]["type"] == "too_long"
    assert adapter.validate_json("[1, 2]") == [1, 2]
    assert lib.TypeAdapter(dt.date).dump_python(dt.date(2024, 1, 2), mode="json") == "2024-01-02"


@functools.cache
def tagged(lib: Any) -> Any:
    return build_tagged(lib).Owner


@pytest.mark.parametrize(
    "data",
    [
        {"pet": {"pet_type": "cat", "meows": "3"}},
        {"pet": {"pet_type": "cat", "meows": "x"}},
        {"pet": {"pet_type": "puppy", "barks": 1}},
        {"pet": {"pet_type": "bird"}},
        {"pet": {"pet_type": 1}},
        {"pet": {}},
        {"pet": "x"},
        {"pet": []},
        {"pet": {"pet_type": "dog", "barks": 1}, "maybe": {"pet_type": "cat"}},
        {"pet": {"pet_type": "dog", "barks": 1}, "maybe": None},
    ],
    ids=repr,
)
def test_discriminated_union_errors_match_pydantic(data: Any) -> None:
    """Field(discriminator=...) picks the model by tag: union_tag_invalid / union_tag_not_found
    entries, and errors inside the chosen model located under the tag."""
    assert_same(lambda lib: tagged(lib).model_validate(data))


def test_discriminated_union_schema_matches_pydantic() -> None:
    """The schema is `oneOf` plus an OpenAPI `discriminator` with the tag -> $ref mapping."""
    mine = tagged(minipydantic).model_json_schema(ref_template=COMPONENTS)
    real = tagged(pydantic).model_json_schema(ref_template=COMPONENTS)
    assert mine == real, f"\nminipydantic: {mine}\npydantic:     {real}"
