"""Milestone 1: collect component schemas from minipydantic types.

`SchemaRegistry.schema(tp, mode)` returns what to embed where `tp` is used (a `$ref` for a
model, an inline schema otherwise) and remembers every model it met; `finish(document)`
returns `components/schemas` and rewrites the document's refs to their final names.
"""

import enum
from decimal import Decimal
from typing import Any

from miniopenapi import REF_PREFIX, SchemaRegistry
from minipydantic import BaseModel, Field


class Address(BaseModel):
    street: str
    city: str = "Paris"


class Person(BaseModel):
    name: str = Field(description="Full name")
    addresses: list[Address] = []  # noqa: RUF012 - a model default, copied per instance


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Price(BaseModel):
    amount: Decimal


class Basket(BaseModel):
    prices: list[Price]


def refs_in(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(refs_in(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(refs_in(value) for value in node))
    return set()


def test_a_model_becomes_a_ref_and_a_component() -> None:
    """A model is described once, under components/schemas/<ClassName>; where it is used, the
    schema is just {"$ref": "#/components/schemas/<ClassName>"}."""
    registry = SchemaRegistry()
    document = {"schema": registry.schema(Address)}
    components = registry.finish(document)
    assert document["schema"] == {"$ref": "#/components/schemas/Address"}, document
    assert components["Address"]["properties"]["street"] == {"type": "string", "title": "Street"}
    assert components["Address"]["required"] == ["street"]


def test_nested_models_are_hoisted_from_defs_into_components() -> None:
    """minipydantic puts nested models under "$defs"; the registry moves each one to
    components/schemas and no "$defs" may remain anywhere (OpenAPI has no such place)."""
    registry = SchemaRegistry()
    document = {"schema": registry.schema(Person)}
    components = registry.finish(document)
    assert set(components) == {"Person", "Address"}, f"expected Person and Address, got {sorted(components)}"
    assert "$defs" not in repr(components), "a '$defs' key was left inside a component"
    items = components["Person"]["properties"]["addresses"]["items"]
    assert items == {"$ref": "#/components/schemas/Address"}, f"nested ref not rewritten: {items}"


def test_every_ref_points_at_a_component_that_exists() -> None:
    """After finish(), each $ref in the document and the components names a real component."""
    registry = SchemaRegistry()
    document = {"a": registry.schema(list[Person]), "b": registry.schema(Basket, "serialization")}
    components = registry.finish(document)
    for ref in refs_in(document) | refs_in(components):
        assert ref.startswith(REF_PREFIX), ref
        assert ref.removeprefix(REF_PREFIX) in components, f"dangling {ref}"


def test_non_model_types_are_described_inline() -> None:
    """list[Model], scalars and dicts stay inline (only models and enums get components)."""
    registry = SchemaRegistry()
    document = {"list": registry.schema(list[Address]), "int": registry.schema(int)}
    registry.finish(document)
    assert document["list"] == {"type": "array", "items": {"$ref": "#/components/schemas/Address"}}
    assert document["int"] == {"type": "integer"}


def test_an_enum_gets_its_own_component() -> None:
    """Enums are named types too: FastAPI documents them once and refers to them."""
    registry = SchemaRegistry()
    document = {"schema": registry.schema(Color)}
    components = registry.finish(document)
    assert document["schema"] == {"$ref": "#/components/schemas/Color"}
    assert components["Color"]["enum"] == ["red", "blue"]


def test_same_shape_in_both_modes_gives_one_component() -> None:
    """A model used as input (validation) and as output (serialization) with the same schema
    is documented once, under its plain name."""
    registry = SchemaRegistry()
    document = {"in": registry.schema(Person, "validation"), "out": registry.schema(Person, "serialization")}
    components = registry.finish(document)
    assert sorted(components) == ["Address", "Person"], sorted(components)
    assert document["in"] == document["out"] == {"$ref": "#/components/schemas/Person"}


def test_different_shapes_split_into_input_and_output_components() -> None:
    """A Decimal is accepted as number or string but sent as a string, so Price has two shapes:
    Price-Input and Price-Output. Basket contains Price, so it must split too."""
    registry = SchemaRegistry()
    document = {"in": registry.schema(Basket, "validation"), "out": registry.schema(Basket, "serialization")}
    components = registry.finish(document)
    assert sorted(components) == ["Basket-Input", "Basket-Output", "Price-Input", "Price-Output"], sorted(
        components
    )
    assert document == {
        "in": {"$ref": "#/components/schemas/Basket-Input"},
        "out": {"$ref": "#/components/schemas/Basket-Output"},
    }
    items = components["Basket-Output"]["properties"]["prices"]["items"]
    assert items == {"$ref": "#/components/schemas/Price-Output"}, items


def test_hand_built_definitions_keep_their_name() -> None:
    """`add(name, schema)` registers a schema built by hand (the 422 error model, a combined
    body) and returns the ref to it."""
    registry = SchemaRegistry()
    ref = registry.add("Body_x", {"type": "object", "title": "Body_x"})
    components = registry.finish({})
    assert ref == {"$ref": "#/components/schemas/Body_x"}
    assert components == {"Body_x": {"type": "object", "title": "Body_x"}}
