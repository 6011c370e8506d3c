"""Milestone 5: everything a model does besides checking types.

Defaults (copied per instance), `Field()` and `model_fields`, `model_config` (extra keys,
frozen, aliases, whitespace stripping, reading attributes), repr and equality, assignment,
inheritance, `model_construct` and `model_copy`. Tests with `lib` run against both libraries.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

import minipydantic
from minipydantic import FieldInfo


def test_defaults_fill_missing_fields_and_are_not_shared(lib: Any) -> None:
    """A mutable default (a list) is copied per instance; default_factory is called each time."""

    class Bag(lib.BaseModel):
        items: list[int] = []
        made: list[str] = lib.Field(default_factory=lambda: ["new"])

    first, second = Bag(), Bag()
    assert (first.items, first.made) == ([], ["new"])
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


def test_inheritance_keeps_parent_fields_first(lib: Any) -> None:
    """A subclass has its parent's fields (first) plus its own, and may override defaults."""

    class Base(lib.BaseModel):
        id: int
        name: str = "base"

    class Child(Base):
        name: str = "child"
        extra: bool = False

    assert list(Child.model_fields) == ["id", "name", "extra"]
    assert Child(id="1").model_dump() == {"id": 1, "name": "child", "extra": False}


def test_model_copy_with_update(lib: Any) -> None:
    """model_copy(update=...) returns a new instance; the update is not validated, but counted as set."""

    class Point(lib.BaseModel):
        x: int = 0
        y: int = 0

    point = Point(x=1)
    moved = point.model_copy(update={"y": 9})
    assert (moved.x, moved.y, point.y) == (1, 9, 0)
    assert moved.model_fields_set == {"x", "y"}


def test_model_construct_skips_validation(lib: Any) -> None:
    """model_construct trusts its input (no coercion) and fills defaults."""

    class Point(lib.BaseModel):
        x: int
        y: int = 0

    point = Point.model_construct(x="not checked")
    assert (point.x, point.y) == ("not checked", 0)
    assert point.model_fields_set == {"x"}


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


def test_empty_alias_is_a_real_alias(lib: Any) -> None:
    """`Field(alias="")` is an alias like any other: the input key is "" (an empty string is
    a valid JSON key), the field name alone is then "missing", and with populate_by_name
    both keys work."""

    class Odd(lib.BaseModel):
        x: int = lib.Field(alias="")

    class OddByName(lib.BaseModel):
        model_config = lib.ConfigDict(populate_by_name=True)
        x: int = lib.Field(alias="")

    assert Odd.model_validate({"": 3}).x == 3
    with pytest.raises(lib.ValidationError) as caught:
        Odd.model_validate({"x": 3})
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [("missing", ("",))]
    assert OddByName.model_validate({"x": 4}).x == 4
    assert OddByName.model_validate({"": 5}).x == 5
    assert Odd.model_fields["x"].alias == ""


def test_a_field_named_model_config_fails_when_defined(lib: Any) -> None:
    """`model_config` is the model's settings, so `model_config: int` cannot be a field: the
    class statement raises an error saying so (a TypeError here, PydanticUserError there)."""
    with pytest.raises(Exception, match="`model_config` cannot be used as a model field name"):

        class Broken(lib.BaseModel):
            model_config: int  # type: ignore[assignment]
