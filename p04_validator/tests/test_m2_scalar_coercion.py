"""Milestone 2: lax-mode coercion of single values, constraints and strict mode.

Every row validates one input for a model field `x` of one type with both libraries and
requires the same outcome: the same value, or the same error entries (type, loc, msg, input,
ctx). When a row fails, the message shows both outcomes: look that type up in the coercion
table of the README (concept 2) and in the milestone's hints.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Annotated, Any

import pytest

from .parity import entries
from .single import same_as_pydantic


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


ROWS: list[tuple[Any, list[Any]]] = [
    (
        int,
        [
            "32",
            " 32 ",
            "+5",
            "-7",
            "1_000",
            "3.0",
            "3.5",
            1.0,
            1.5,
            True,
            False,
            "x",
            "",
            None,
            float("inf"),
            float("nan"),
            Decimal("2"),
            Decimal("2.5"),
            "0x10",
            b"12",
            10**30,
            "1e3",
            [],
            1e30,
            # pydantic-core's reading of leading zeros, found by a fuzz through p06's query
            # parameters: after the zeros comes the number, which may start with "-".
            "0-1",
            "0-0",
            "+0-1",
            "-0-1",
            "0__1",
            "-0__1",
            "0_",
            "0-01",
            "0-_1",
            "1__2",
            "_1",
        ],
    ),
    (float, [1, "1.5", " 2 ", "x", True, "inf", b"1", None, Decimal("1.25"), [], "1e3"]),
    (
        bool,
        [
            "true",
            "True",
            "TRUE",
            "yes",
            "on",
            "1",
            "t",
            "y",
            "false",
            "no",
            "off",
            "0",
            "f",
            "n",
            1,
            0,
            2,
            1.0,
            0.0,
            0.5,
            "x",
            "",
            None,
            [],
            Decimal("1"),
        ],
    ),
    (str, ["a", "", 1, 1.5, b"ab", bytearray(b"x"), b"\xff", None, Color.RED, [], True]),
    (bytes, [b"a", "ab", bytearray(b"x"), 1, None, []]),
    (type(None), [None, 0, "", "None"]),
    # Edges where Python's own parsers are more generous than Pydantic, or raise.
    (
        int,
        ["٣", " 5\u2003", "9" * 4301, "0" * 5000 + "1", Decimal("1e30"), Decimal("1e99999"), bytearray(b"5")],
    ),
    (float, ["٣", 10**400, bytearray(b"1.5"), Decimal("sNaN")]),
    (bool, [2**63, -(2**63) - 1, 9.3e18, 1e300, b"true", b"", Decimal("sNaN"), " 0", "1 ", "true\t", b" 1"]),
]


@pytest.mark.parametrize(
    ("tp", "value"), [(tp, value) for tp, values in ROWS for value in values], ids=lambda v: repr(v)[:40]
)
def test_lax_mode_coerces_like_pydantic(tp: Any, value: Any) -> None:
    """Each input is accepted and converted, or rejected with the same entry, as Pydantic does it."""
    same_as_pydantic(lambda lib: tp, value)


CONSTRAINED: list[tuple[Any, dict[str, Any], list[Any]]] = [
    (str, {"min_length": 2, "max_length": 3, "pattern": "^a"}, ["ab", "a", "abcd", "bb", 5]),
    (str, {"min_length": 1}, ["", "x"]),
    (str, {"max_length": 1}, ["xy"]),
    (int, {"gt": 1, "lt": 5, "multiple_of": 2}, [2, 4, 1, 5, 3, "4", 6]),
    (int, {"ge": 0, "le": 150}, [0, 150, -1, 151, "200"]),
    (float, {"ge": 1.5, "le": 2}, [1.5, 1, 3, "1.75"]),
    (float, {"gt": 0, "multiple_of": 0.5}, [1.0, 0.0, 1.3, 2.5]),
    (bytes, {"max_length": 2}, [b"abc", "ab", "abc"]),
]


@pytest.mark.parametrize(
    ("tp", "constraints", "value"),
    [(tp, cons, value) for tp, cons, values in CONSTRAINED for value in values],
    ids=lambda v: repr(v)[:40],
)
def test_field_constraints_in_annotated_match_pydantic(
    tp: Any, constraints: dict[str, Any], value: Any
) -> None:
    """`Annotated[T, Field(ge=..., max_length=...)]` checks, in Pydantic's order, with its ctx values."""
    same_as_pydantic(lambda lib: Annotated[tp, lib.Field(**constraints)], value)


@pytest.mark.parametrize(
    ("tp", "value"),
    [(int, "1"), (int, 1.0), (int, True), (float, 1), (float, "1"), (bool, 1), (str, b"x"), (float, 10**400)],
    ids=repr,
)
def test_strict_mode_refuses_conversions_like_pydantic(tp: Any, value: Any) -> None:
    """With `Field(strict=True)` only the exact type passes (ints are still fine for float)."""
    same_as_pydantic(lambda lib: Annotated[tp, lib.Field(strict=True)], value)


def test_strict_model_config_applies_to_every_field(lib: Any) -> None:
    """`model_config = ConfigDict(strict=True)` makes every field strict; `Field(strict=False)`
    on one field makes that one lax again."""

    class Strict(lib.BaseModel):
        model_config = lib.ConfigDict(strict=True)
        count: int
        flag: bool = lib.Field(strict=False)

    with pytest.raises(lib.ValidationError) as caught:
        Strict(count="1", flag="yes")
    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [("int_type", ("count",))]
    assert Strict(count=1, flag="yes").flag is True


def test_seed_user_age_string_is_coerced(lib: Any) -> None:
    """The lesson's first example: `age="32"` on an `int` field becomes the integer 32."""

    class User(lib.BaseModel):
        name: str = lib.Field(..., min_length=1)
        age: int = lib.Field(..., ge=0, le=150)

    user = User(name="Douglas", age="32")
    assert user.age == 32, f"expected 32 (an int), got {user.age!r}"
    assert type(user.age) is int


def test_seed_user_invalid_input_lists_both_errors(lib: Any) -> None:
    """`User(name="", age=200)`: constraints given as `Field(...)` defaults are checked too,
    and both problems are listed, each with its ctx (the bound that was broken)."""

    class User(lib.BaseModel):
        name: str = lib.Field(..., min_length=1)
        age: int = lib.Field(..., ge=0, le=150)

    with pytest.raises(lib.ValidationError) as caught:
        User(name="", age=200)
    assert entries(caught.value) == [
        {
            "type": "string_too_short",
            "loc": ("name",),
            "msg": "String should have at least 1 character",
            "input": "",
            "ctx": {"min_length": 1},
        },
        {
            "type": "less_than_equal",
            "loc": ("age",),
            "msg": "Input should be less than or equal to 150",
            "input": 200,
            "ctx": {"le": 150},
        },
    ]
