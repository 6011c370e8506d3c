"""Milestone 2: one model, two shapes: what a client sends and what the server answers.

`schema(tp, "validation")` describes what a request may carry; `schema(tp, "serialization")`
what a response carries. Mostly the two agree and the model keeps one component. When they
differ, FastAPI documents both, as `<Name>-Input` and `<Name>-Output`, and so must `finish()`.
"""

from miniopenapi import SchemaRegistry

from .schema_models import Address, Basket, Person, Price


def test_same_shape_in_both_modes_gives_one_component() -> None:
    """A model used as input (validation) and as output (serialization) with the same schema
    is documented once, under its plain name."""
    registry = SchemaRegistry()
    document = {"in": registry.schema(Person, "validation"), "out": registry.schema(Person, "serialization")}
    components = registry.finish(document)
    assert sorted(components) == ["Address", "Person"], sorted(components)
    assert document["in"] == document["out"] == {"$ref": "#/components/schemas/Person"}


def test_different_shapes_split_into_input_and_output_components() -> None:
    """A Decimal is accepted as a number or a string but sent as a string, so Price has two
    shapes: Price-Input and Price-Output. Basket contains Price, so it must split too, and
    each of its shapes refers to the matching shape of Price."""
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
    assert components["Price-Output"]["properties"]["amount"]["type"] == "string"


def test_only_the_models_whose_shapes_differ_split() -> None:
    """Splitting is decided model by model: in one document Price splits while Person and
    Address, used in both modes too, keep their plain names."""
    registry = SchemaRegistry()
    document = {
        "person in": registry.schema(Person, "validation"),
        "person out": registry.schema(Person, "serialization"),
        "price in": registry.schema(Price, "validation"),
        "price out": registry.schema(Price, "serialization"),
        "address": registry.schema(Address, "serialization"),
    }
    components = registry.finish(document)
    assert sorted(components) == ["Address", "Person", "Price-Input", "Price-Output"], sorted(components)
    assert document["person out"] == {"$ref": "#/components/schemas/Person"}
    assert document["price in"] == {"$ref": "#/components/schemas/Price-Input"}
