"""Milestone 7: user validators, as decorators on the model and as markers in `Annotated`.

Each test runs with both libraries (the `lib` fixture), so the order of before/after/wrap
steps and the shape of the error entries are exactly Pydantic's.
"""

from __future__ import annotations

from typing import Annotated, Any

import pytest

from .parity import assert_same, entries
from .single import field_model


def test_after_field_validator_sees_the_converted_value(lib: Any) -> None:
    """mode="after" (the default) runs on the already-coerced value and may change it."""

    class User(lib.BaseModel):
        name: str

        @lib.field_validator("name")
        @classmethod
        def title_case(cls, value: str) -> str:
            return value.title()

    assert User(name="ada lovelace").name == "Ada Lovelace"


def test_before_field_validator_sees_the_raw_input(lib: Any) -> None:
    """mode="before" runs on the raw input; its result is then validated against the type."""

    class Tags(lib.BaseModel):
        tags: list[int]

        @lib.field_validator("tags", mode="before")
        @classmethod
        def split(cls, value: Any) -> Any:
            return value.split(",") if isinstance(value, str) else value

    assert Tags(tags="1,2,3").tags == [1, 2, 3]


def test_wrap_and_plain_field_validators(lib: Any) -> None:
    """mode="wrap" decides whether to call the handler; mode="plain" replaces type validation."""

    class Model(lib.BaseModel):
        count: int
        anything: int

        @lib.field_validator("count", mode="wrap")
        @classmethod
        def default_on_error(cls, value: Any, handler: Any) -> int:
            try:
                return handler(value)
            except lib.ValidationError:
                return -1

        @lib.field_validator("anything", mode="plain")
        @classmethod
        def keep(cls, value: Any) -> Any:
            return value

    model = Model(count="oops", anything="not an int")
    assert (model.count, model.anything) == (-1, "not an int")


def test_value_error_and_assertion_error_become_entries() -> None:
    """A ValueError gives a `value_error` entry ("Value error, ..."), an AssertionError an
    `assertion_error` one ("Assertion failed, ..."), both with the exception in ctx["error"]."""

    def action(lib: Any) -> Any:
        class Account(lib.BaseModel):
            balance: int
            owner: str

            @lib.field_validator("balance")
            @classmethod
            def not_too_big(cls, value: int) -> int:
                if value > 100:
                    raise ValueError("balance too big")
                return value

            @lib.field_validator("owner")
            @classmethod
            def has_owner(cls, value: str) -> str:
                assert value != "nobody", "owner required"
                return value

        return Account(balance=500, owner="nobody")

    _, found = assert_same(action)
    assert [e["type"] for e in found] == ["value_error", "assertion_error"]


def test_validator_with_info_sees_earlier_fields() -> None:
    """A validator taking `info` can read the fields validated before it (`info.data`)."""

    def action(lib: Any) -> Any:
        class Signup(lib.BaseModel):
            password: str
            confirm: str

            @lib.field_validator("confirm")
            @classmethod
            def matches(cls, value: str, info: Any) -> str:
                if value != info.data.get("password"):
                    raise ValueError(f"passwords do not match for {info.field_name}")
                return value

        return Signup(password="a", confirm="b")

    assert_same(action)


def test_one_validator_for_several_fields_and_star(lib: Any) -> None:
    """field_validator("a", "b") applies to both; field_validator("*") to every field."""

    class Pair(lib.BaseModel):
        a: str
        b: str

        @lib.field_validator("a", "b")
        @classmethod
        def upper(cls, value: str) -> str:
            return value.upper()

        @lib.field_validator("*")
        @classmethod
        def exclaim(cls, value: str) -> str:
            return value + "!"

    assert Pair(a="x", b="y").model_dump() == {"a": "X!", "b": "Y!"}


def test_model_validators_before_and_after(lib: Any) -> None:
    """model_validator(mode="before") reshapes the raw input; mode="after" checks the instance."""

    class Range(lib.BaseModel):
        low: int
        high: int

        @lib.model_validator(mode="before")
        @classmethod
        def from_pair(cls, data: Any) -> Any:
            return {"low": data[0], "high": data[1]} if isinstance(data, list | tuple) else data

        @lib.model_validator(mode="after")
        def ordered(self) -> Any:
            if self.low > self.high:
                raise ValueError("low must not exceed high")
            return self

    assert Range.model_validate([1, "2"]).high == 2
    with pytest.raises(lib.ValidationError) as caught:
        Range.model_validate({"low": 5, "high": 1})
    assert [(e["type"], e["loc"], e["msg"]) for e in caught.value.errors()] == [
        ("value_error", (), "Value error, low must not exceed high")
    ]


def test_annotated_after_and_before_validators_compose_in_order() -> None:
    """In Annotated, each marker wraps the ones before it: a later Before runs first."""

    def action(lib: Any) -> Any:
        trail: list[str] = []

        def mark(tag: str) -> Any:
            def step(value: Any) -> Any:
                trail.append(tag)
                return value

            return step

        Traced = Annotated[
            int,
            lib.AfterValidator(mark("after1")),
            lib.BeforeValidator(mark("before1")),
            lib.AfterValidator(mark("after2")),
            lib.BeforeValidator(mark("before2")),
        ]
        field_model(lib, Traced).model_validate({"x": "3"})
        return trail

    assert_same(action)


def test_annotated_validator_errors_and_reuse(lib: Any) -> None:
    """An Annotated type with a validator is reusable across fields and reports value_error."""

    def even(value: int) -> int:
        if value % 2:
            raise ValueError("must be even")
        return value

    Even = Annotated[int, lib.AfterValidator(even)]

    class Grid(lib.BaseModel):
        width: Even
        heights: list[Even] = []

    with pytest.raises(lib.ValidationError) as caught:
        Grid(width=3, heights=[2, 5])
    assert [(e["loc"], e["msg"]) for e in entries(caught.value)] == [
        (("width",), "Value error, must be even"),
        (("heights", 1), "Value error, must be even"),
    ]


def test_validators_are_inherited(lib: Any) -> None:
    """A subclass keeps its parent's field validators."""

    class Base(lib.BaseModel):
        name: str

        @lib.field_validator("name")
        @classmethod
        def strip(cls, value: str) -> str:
            return value.strip()

    class Child(Base):
        age: int = 0

    assert Child(name="  x ").name == "x"


@pytest.mark.parametrize("given", ["dict", "kwargs", "json", "instance"])
def test_model_validator_after_error_reports_the_input(given: str) -> None:
    """An error raised by model_validator(mode="after") is located at () and its `input` is
    what the model was given (the dict, the parsed JSON, or the instance), not the model the
    validator saw."""

    def attempt(lib: Any) -> Any:
        class Range(lib.BaseModel):
            low: int
            high: int

            @lib.model_validator(mode="after")
            def ordered(self) -> Any:
                if self.low > self.high:
                    raise ValueError("low must not exceed high")
                return self

        return {
            "dict": lambda: Range.model_validate({"low": 5, "high": "1"}),
            "kwargs": lambda: Range(low=5, high=1),
            "json": lambda: Range.model_validate_json('{"low": 5, "high": 1}'),
            "instance": lambda: Range.model_validate(Range.model_construct(low=5, high=1)),
        }[given]()

    assert_same(attempt)
