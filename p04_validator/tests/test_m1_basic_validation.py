"""Milestone 1: a model reads its type hints and checks input against them.

Most tests take the `lib` fixture and run twice: once with minipydantic and once with real
Pydantic, so every expectation written here is also checked against the oracle.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

import minipydantic


def test_seed_user_valid_input_builds_an_instance(lib: Any) -> None:
    """`User(name="Douglas", age=32)` works and its attributes are the validated values."""

    class User(lib.BaseModel):
        name: str = lib.Field(..., min_length=1)
        age: int = lib.Field(..., ge=0, le=150)

    user = User(name="Douglas", age=32)
    assert (user.name, user.age) == ("Douglas", 32)


def test_seed_user_invalid_input_lists_both_errors(lib: Any) -> None:
    """`User(name="", age=200)` raises one ValidationError listing both problems, by field."""

    class User(lib.BaseModel):
        name: str = lib.Field(..., min_length=1)
        age: int = lib.Field(..., ge=0, le=150)

    with pytest.raises(lib.ValidationError) as caught:
        User(name="", age=200)
    found = [(e["loc"], e["type"]) for e in caught.value.errors()]
    assert found == [(("name",), "string_too_short"), (("age",), "less_than_equal")], found


def test_missing_required_field_is_a_missing_entry(lib: Any) -> None:
    """A field without a default must be given; the entry's input is the whole input dict."""

    class Point(lib.BaseModel):
        x: int
        y: int = 0

    with pytest.raises(lib.ValidationError) as caught:
        Point.model_validate({"y": 1})
    [entry] = caught.value.errors()
    assert (entry["type"], entry["loc"], entry["msg"], entry["input"]) == (
        "missing",
        ("x",),
        "Field required",
        {"y": 1},
    )


def test_defaults_fill_missing_fields_and_are_not_shared(lib: Any) -> None:
    """A mutable default (a list) is copied per instance; default_factory is called each time."""

    class Bag(lib.BaseModel):
        items: list[int] = []
        made: list[str] = lib.Field(default_factory=lambda: ["new"])

    first, second = Bag(), Bag()
    first.items.append(1)
    assert second.items == []
    assert second.made == ["new"]
    assert first.made is not second.made


def test_model_fields_describe_each_field(lib: Any) -> None:
    """`model_fields` maps names to FieldInfo with annotation, default and is_required()."""

    class Item(lib.BaseModel):
        name: str
        price: float = lib.Field(1.0, description="Unit price")

    fields = Item.model_fields
    assert list(fields) == ["name", "price"]
    assert fields["name"].is_required()
    assert fields["name"].annotation is str
    assert not fields["price"].is_required()
    assert fields["price"].default == 1.0
    assert fields["price"].description == "Unit price"


def test_class_variables_and_private_names_are_not_fields(lib: Any) -> None:
    """`ClassVar[...]` annotations and names starting with "_" are left alone."""

    class Config(lib.BaseModel):
        kind: ClassVar[str] = "config"
        value: int = 1

    assert list(Config.model_fields) == ["value"]
    assert Config.kind == "config"


def test_repr_and_equality(lib: Any) -> None:
    """repr shows `Name(field=value, ...)`; models are equal when type and values are equal."""

    class Point(lib.BaseModel):
        x: int
        y: int | None = None

    assert repr(Point(x=1)) == "Point(x=1, y=None)"
    assert Point(x=1) == Point(x="1")
    assert Point(x=1) != Point(x=2)


@pytest.mark.parametrize("extra", ["ignore", "forbid", "allow"])
def test_extra_inputs_follow_model_config(lib: Any, extra: str) -> None:
    """extra="ignore" drops unknown keys, "forbid" reports them, "allow" keeps them."""

    class Thing(lib.BaseModel):
        model_config = lib.ConfigDict(extra=extra)
        a: int = 0

    if extra == "forbid":
        with pytest.raises(lib.ValidationError) as caught:
            Thing(a=1, b=2)
        assert [(e["type"], e["loc"], e["input"]) for e in caught.value.errors()] == [
            ("extra_forbidden", ("b",), 2)
        ]
    else:
        thing = Thing(a=1, b=2)
        assert thing.model_dump() == ({"a": 1, "b": 2} if extra == "allow" else {"a": 1})
        if extra == "allow":
            assert thing.b == 2
            assert thing.model_extra == {"b": 2}


def test_frozen_model_refuses_assignment_and_is_hashable(lib: Any) -> None:
    """frozen=True: setting a field raises a `frozen_instance` ValidationError; hash works."""

    class Key(lib.BaseModel):
        model_config = lib.ConfigDict(frozen=True)
        name: str

    key = Key(name="a")
    with pytest.raises(lib.ValidationError) as caught:
        key.name = "b"
    assert caught.value.errors()[0]["type"] == "frozen_instance"
    assert hash(key) == hash(Key(name="a"))


def test_assignment_marks_field_as_set(lib: Any) -> None:
    """Assigning a field (not frozen) updates the value and `model_fields_set`."""

    class Point(lib.BaseModel):
        x: int = 0
        y: int = 0

    point = Point(x=1)
    point.y = 5
    assert point.y == 5
    assert point.model_fields_set == {"x", "y"}


def test_strip_whitespace_and_populate_by_name(lib: Any) -> None:
    """str_strip_whitespace trims strings; populate_by_name accepts the field name besides its alias."""

    class Item(lib.BaseModel):
        model_config = lib.ConfigDict(str_strip_whitespace=True, populate_by_name=True)
        item_id: int = lib.Field(alias="itemId")
        name: str = ""

    assert Item(itemId=1, name="  pen ").name == "pen"
    assert Item(item_id=2).item_id == 2
    for key in ("itemId", "item_id"):  # an error is located at the key the value came from
        with pytest.raises(lib.ValidationError) as caught:
            Item.model_validate({key: "x"})
        assert [e["loc"] for e in caught.value.errors()] == [(key,)], caught.value.errors()


def test_from_attributes_reads_an_object(lib: Any) -> None:
    """from_attributes=True validates any object's attributes (an ORM row, say)."""

    class Row:
        id = "7"
        name = "x"

    class User(lib.BaseModel):
        model_config = lib.ConfigDict(from_attributes=True)
        id: int
        name: str

    assert User.model_validate(Row()) == User(id=7, name="x")
    with pytest.raises(lib.ValidationError) as caught:
        User.model_validate(3)
    assert caught.value.errors()[0]["type"] == "model_attributes_type"


def test_validation_error_is_a_value_error() -> None:
    """`ValidationError` subclasses ValueError, so generic handlers still catch it."""
    assert issubclass(minipydantic.ValidationError, ValueError)
