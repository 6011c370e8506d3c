"""Milestone 1: every model once, under components/schemas, and a `$ref` wherever it is used.

`SchemaRegistry.schema(tp)` returns what to embed where `tp` is used: a type's JSON Schema
inline, or `{"$ref": "#/components/schemas/<Name>"}` for a model or an enum, which the
registry remembers. `finish(document)` returns the components: `{name: schema}`.
"""

from miniopenapi import REF_PREFIX, SchemaRegistry

from .schema_models import Address, Basket, Color, Person, refs_in


def test_a_plain_type_is_described_inline() -> None:
    """An int, a str or a list of them is no component: schema() returns minipydantic's
    JSON Schema for it, as it is, and finish() has no components to return."""
    registry = SchemaRegistry()
    document = {"int": registry.schema(int), "tags": registry.schema(list[str])}
    components = registry.finish(document)
    assert document == {"int": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}}}
    assert components == {}, f"no model was met, so no components; got {components}"


def test_a_model_becomes_a_ref_and_a_component() -> None:
    """A model is described once, under components/schemas/<ClassName>; where it is used, the
    schema is just {"$ref": "#/components/schemas/<ClassName>"}."""
    registry = SchemaRegistry()
    document = {"schema": registry.schema(Address)}
    components = registry.finish(document)
    assert document["schema"] == {"$ref": "#/components/schemas/Address"}, document
    assert list(components) == ["Address"], list(components)
    assert components["Address"]["properties"]["street"] == {"type": "string", "title": "Street"}
    assert components["Address"]["required"] == ["street"]


def test_a_list_of_models_is_inline_with_a_ref_inside() -> None:
    """list[Address] is no component itself: it stays inline, and its items refer to Address."""
    registry = SchemaRegistry()
    document = {"list": registry.schema(list[Address])}
    components = registry.finish(document)
    assert document["list"] == {"type": "array", "items": {"$ref": "#/components/schemas/Address"}}
    assert list(components) == ["Address"], list(components)


def test_nested_models_are_hoisted_from_defs_into_components() -> None:
    """minipydantic puts nested models under "$defs"; the registry moves each one to
    components/schemas and no "$defs" may remain anywhere (OpenAPI has no such place)."""
    registry = SchemaRegistry()
    document = {"schema": registry.schema(Person)}
    components = registry.finish(document)
    assert sorted(components) == ["Address", "Person"], f"expected Address, Person: {sorted(components)}"
    assert "$defs" not in repr(components), "a '$defs' key was left inside a component"
    items = components["Person"]["properties"]["addresses"]["items"]
    assert items == {"$ref": "#/components/schemas/Address"}, f"nested ref not rewritten: {items}"


def test_an_enum_gets_its_own_component() -> None:
    """Enums are named types too: FastAPI documents them once and refers to them."""
    registry = SchemaRegistry()
    document = {"schema": registry.schema(Color)}
    components = registry.finish(document)
    assert document["schema"] == {"$ref": "#/components/schemas/Color"}
    assert components["Color"]["enum"] == ["red", "blue"]


def test_every_ref_points_at_a_component_that_exists() -> None:
    """After finish(), each $ref in the document and the components names a real component,
    whichever mode a model was asked for in ("validation", the default, or "serialization")."""
    registry = SchemaRegistry()
    document = {"a": registry.schema(list[Person]), "b": registry.schema(Basket, "serialization")}
    components = registry.finish(document)
    assert sorted(components) == ["Address", "Basket", "Person", "Price"], sorted(components)
    for ref in refs_in(document) | refs_in(components):
        assert ref.startswith(REF_PREFIX), ref
        assert ref.removeprefix(REF_PREFIX) in components, f"dangling {ref}"


def test_hand_built_definitions_keep_their_name() -> None:
    """`add(name, schema)` registers a schema built by hand (the 422 error model, a combined
    body) under exactly that name and returns the ref to it."""
    registry = SchemaRegistry()
    ref = registry.add("Body_x", {"type": "object", "title": "Body_x"})
    components = registry.finish({})
    assert ref == {"$ref": "#/components/schemas/Body_x"}
    assert components == {"Body_x": {"type": "object", "title": "Body_x"}}
