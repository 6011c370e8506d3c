"""Milestone 1: a model reads its type hints, and checks input against them.

The smallest useful model: fields annotated `str` or `int`, all required. Valid input builds
an instance; a value of the wrong type, or a missing field, raises one `ValidationError` that
lists every problem as Pydantic's error entries (type, loc, msg, input).

Every test takes the `lib` fixture and runs twice: once with minipydantic and once with real
Pydantic, so each expectation written here is also checked against the oracle. The inputs
are chosen so no conversion is involved: "32" for an int is milestone 2.
"""

from __future__ import annotations

from typing import Any

import pytest

from .parity import entries


def user_model(lib: Any) -> Any:
    class User(lib.BaseModel):
        name: str
        age: int

    return User


def test_valid_input_builds_an_instance(lib: Any) -> None:
    """`User(name="Douglas", age=32)` gives an object whose attributes are the field values."""
    user = user_model(lib)(name="Douglas", age=32)
    assert (user.name, user.age) == ("Douglas", 32)


def test_model_validate_takes_a_dict(lib: Any) -> None:
    """`User.model_validate({...})` does the same from a dict (what a JSON body becomes)."""
    user = user_model(lib).model_validate({"name": "Ada", "age": 36})
    assert (user.name, user.age) == ("Ada", 36)


def test_wrong_type_is_one_error_entry(lib: Any) -> None:
    """A value of the wrong type raises ValidationError; `errors()` has one entry per problem:
    {"type": "int_type", "loc": ("age",), "msg": "Input should be a valid integer", "input": None}."""
    User = user_model(lib)
    with pytest.raises(lib.ValidationError) as caught:
        User(name="Ada", age=None)
    assert entries(caught.value) == [
        {"type": "int_type", "loc": ("age",), "msg": "Input should be a valid integer", "input": None}
    ]
    with pytest.raises(lib.ValidationError) as caught:
        User(name=["Ada"], age=36)
    assert entries(caught.value) == [
        {"type": "string_type", "loc": ("name",), "msg": "Input should be a valid string", "input": ["Ada"]}
    ]


def test_missing_field_is_a_missing_entry(lib: Any) -> None:
    """A field that is not given is a `missing` entry; its input is the whole input dict."""
    with pytest.raises(lib.ValidationError) as caught:
        user_model(lib).model_validate({"name": "Ada"})
    assert entries(caught.value) == [
        {"type": "missing", "loc": ("age",), "msg": "Field required", "input": {"name": "Ada"}}
    ]


def test_every_problem_is_reported_in_field_order(lib: Any) -> None:
    """Validation does not stop at the first problem: one ValidationError lists them all,
    in the order the fields are declared."""
    with pytest.raises(lib.ValidationError) as caught:
        user_model(lib).model_validate({"age": []})
    found = [(e["type"], e["loc"]) for e in caught.value.errors()]
    assert found == [("missing", ("name",)), ("int_type", ("age",))], found


def test_validation_error_is_a_value_error(lib: Any) -> None:
    """`ValidationError` subclasses ValueError (so generic handlers still catch it) and knows
    the model it came from (`title`)."""
    assert issubclass(lib.ValidationError, ValueError)
    with pytest.raises(ValueError, match="1 validation error for User") as caught:
        user_model(lib)(name="Ada")
    assert caught.value.title == "User"  # type: ignore[attr-defined]
